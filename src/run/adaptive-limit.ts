/**
 * An adaptive concurrency limit for one provider (AIMD): halved when the provider pushes back (HTTP 429 or another
 * "slow down"), grown by one after a run of successes, never above `max` nor below 1.
 *
 * Two refinements keep throughput near what the provider allows:
 * - one push-back is one event: failures of tasks that started before the last decrease were sent at the old rate
 *   and do not halve the limit again;
 * - after a decrease the limit climbs back by one per success to the last level that carried a whole run of
 *   successes without push-back (TCP's fast recovery, in spirit), then probes upward slowly again, and more slowly
 *   after each probe that failed (the run needed doubles, up to 16 times). A push-back at or below that level means
 *   the provider's capacity fell, and the level is forgotten.
 */
export class AdaptiveLimit {
  readonly max: number;
  private current: number;
  private successRun = 0;
  /** Highest limit that carried a whole run of successes since the last loss of trust; 0 when none. */
  private proven = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** Probes above the proven level that failed in a row. */
  private failedProbes = 0;
  /** Number of decreases so far (for progress output and tests). */
  decreases = 0;

  constructor(options: { max: number; initial?: number }) {
    this.max = Math.max(1, Math.floor(options.max));
    this.current = Math.min(this.max, Math.max(1, Math.floor(options.initial ?? this.max)));
  }

  get limit(): number {
    return this.current;
  }

  /** Successes in a row needed before probing one step higher. */
  private runLength(): number {
    return Math.max(8, 4 * this.current) * 2 ** Math.min(4, this.failedProbes);
  }

  /** A task that started at `startedAt` succeeded. */
  success(): void {
    this.successRun += 1;
    if (this.current < this.proven) {
      this.current += 1;
      return;
    }
    if (this.successRun >= this.runLength()) {
      if (this.current > this.proven) this.failedProbes = 0;
      this.proven = Math.max(this.proven, this.current);
      this.successRun = 0;
      if (this.current < this.max) this.current += 1;
    }
  }

  /**
   * The provider pushed back on a task started at `startedAt` (a time on the scheduler's clock); `now` is the current
   * time. Returns whether the limit was lowered.
   */
  pushBack(options: { startedAt: number; now: number }): boolean {
    this.successRun = 0;
    if (options.startedAt < this.lastDecreaseAt) return false;
    if (this.current <= this.proven) {
      this.proven = 0;
      this.failedProbes = 0;
    } else if (this.proven > 0 && this.current === this.proven + 1) this.failedProbes += 1;
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.lastDecreaseAt = options.now;
    this.decreases += 1;
    return true;
  }
}
