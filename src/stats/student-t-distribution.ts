import { UsageError } from '../util/index.ts';
import { checkPositive } from './check-input.ts';
import { betaCdf, betaInverse } from './incomplete-beta.ts';

/** Positional core of {@link studentTCdf}. */
export function tCdf(value: number, degrees: number): number {
  if (Number.isNaN(value)) return Number.NaN;
  if (value === Infinity) return 1;
  if (value === -Infinity) return 0;
  // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, ½).
  const tail = 0.5 * betaCdf(degrees / (degrees + value * value), degrees / 2, 0.5);
  return value < 0 ? tail : 1 - tail;
}

/** Positional core of {@link studentTQuantile}. */
export function tInverse(probability: number, degrees: number): number {
  if (probability <= 0) return -Infinity;
  if (probability >= 1) return Infinity;
  if (probability === 0.5) return 0;
  const tail = probability < 0.5 ? probability : 1 - probability;
  const x = betaInverse(2 * tail, degrees / 2, 0.5);
  const magnitude = Math.sqrt((degrees * (1 - x)) / x);
  return probability < 0.5 ? -magnitude : magnitude;
}

/**
 * CDF of Student's t distribution with `degreesOfFreedom` (may be fractional, as in Welch's test); R's `pt`.
 *
 * @example studentTCdf({ value: 2.1, degreesOfFreedom: 5 }) // 0.955123375057701
 */
export function studentTCdf(options: { value: number; degreesOfFreedom: number }): number {
  checkPositive({ value: options.degreesOfFreedom, label: 'degreesOfFreedom', name: 'studentTCdf' });
  return tCdf(options.value, options.degreesOfFreedom);
}

/**
 * Quantile of Student's t distribution (R's `qt`), from the beta quantile.
 *
 * @example studentTQuantile({ probability: 0.975, degreesOfFreedom: 30 }) // 2.04227245630124
 */
export function studentTQuantile(options: { probability: number; degreesOfFreedom: number }): number {
  const { probability } = options;
  if (!(probability >= 0 && probability <= 1)) throw new UsageError({ message: `studentTQuantile: probability must be between 0 and 1, got ${probability}` });
  checkPositive({ value: options.degreesOfFreedom, label: 'degreesOfFreedom', name: 'studentTQuantile' });
  return tInverse(probability, options.degreesOfFreedom);
}
