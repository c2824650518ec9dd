import { UsageError } from '../util/index.ts';

/**
 * Rejects counts that are not whole numbers, are negative, or have more successes than trials, with a
 * {@link UsageError} naming the function.
 *
 * @example checkCounts({ successes: 5, trials: 3, name: 'wilsonInterval' }) // throws UsageError
 */
export function checkCounts(options: { successes: number; trials: number; name: string }): void {
  const { successes, trials, name } = options;
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new UsageError({ message: `${name}: expected whole numbers with 0 ≤ successes ≤ trials, got ${successes} of ${trials}` });
  }
}

/**
 * Rejects a count that is not a whole number ≥ 0.
 *
 * @example checkWholeNumber({ value: 2.5, label: 'onlyA', name: 'mcNemarTest' }) // throws UsageError
 */
export function checkWholeNumber(options: { value: number; label: string; name: string }): void {
  const { value, label, name } = options;
  if (!Number.isInteger(value) || value < 0) throw new UsageError({ message: `${name}: ${label} must be a whole number ≥ 0, got ${value}` });
}

/**
 * Rejects a number outside the open interval (0, 1): a confidence level, a rate, a power or a significance level.
 *
 * @example checkOpenUnit({ value: 1.2, label: 'confidence', name: 'wilsonInterval' }) // throws UsageError
 */
export function checkOpenUnit(options: { value: number; label: string; name: string }): void {
  const { value, label, name } = options;
  if (!(value > 0 && value < 1)) throw new UsageError({ message: `${name}: ${label} must be between 0 and 1 (exclusive), got ${value}` });
}

/**
 * Rejects a number that is not finite and positive (degrees of freedom, shape parameters).
 *
 * @example checkPositive({ value: 0, label: 'degreesOfFreedom', name: 'chiSquareSurvival' }) // throws UsageError
 */
export function checkPositive(options: { value: number; label: string; name: string }): void {
  const { value, label, name } = options;
  if (!(value > 0 && Number.isFinite(value))) throw new UsageError({ message: `${name}: ${label} must be a positive number, got ${value}` });
}
