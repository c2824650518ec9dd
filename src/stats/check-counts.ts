import { UsageError } from '../util/index.ts';

/** Rejects counts that are not whole, negative, or more successes than trials. */
export function checkCounts(options: { successes: number; trials: number; name?: string }): void {
  const { successes, trials } = options;
  const name = options.name ?? 'counts';
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new UsageError({ message: `${name}: expected whole numbers with 0 ≤ successes ≤ trials, got ${successes} of ${trials}` });
  }
}

/** Rejects a confidence level outside (0, 1). */
export function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new UsageError({ message: `confidence must be between 0 and 1, got ${confidence}` });
}
