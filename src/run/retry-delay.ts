/** Backoff of retried trials: base and ceiling of the exponential part, in milliseconds. */
export const retryBackoff = { baseMs: 1000, capMs: 60_000 } as const;

/**
 * How long to wait before attempt `attempt + 1` of a trial whose attempt `attempt` (1-based) failed retryably. When
 * the provider said how long to wait (`Retry-After`), that wait plus up to 25% jitter, so that trials turned away
 * together do not all come back at once; otherwise jittered exponential backoff (half fixed, half random).
 */
export function retryDelayMs(options: { attempt: number; retryAfterSeconds: number | null; random: () => number }): number {
  const { attempt, retryAfterSeconds, random } = options;
  if (retryAfterSeconds !== null && retryAfterSeconds >= 0) return Math.round(retryAfterSeconds * 1000 * (1 + 0.25 * random()));
  const exponential = Math.min(retryBackoff.capMs, retryBackoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + 0.5 * random()));
}
