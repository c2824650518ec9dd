import { AdaptiveLimit } from './adaptive-limit.ts';
import type { SchedulerClock } from './clock.ts';

/**
 * The model calls of one provider in flight at once, with an adaptive limit (AIMD, see `AdaptiveLimit`): a call
 * waits for a slot, and while the provider's `Retry-After` runs no call starts. Gating calls rather than trials keeps
 * the provider busy while other trials do their local work (tools, detectors, storing) between calls.
 */
export class CallGate {
  readonly provider: string;
  private readonly adaptive: AdaptiveLimit;
  private readonly clock: SchedulerClock;
  private readonly onLimit: (limit: number) => void;
  private readonly onPause: (milliseconds: number) => void;
  private active = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private readonly waiters: Array<{ grant: () => void }> = [];
  private wakeScheduled = false;

  constructor(options: {
    provider: string;
    max: number;
    clock: SchedulerClock;
    onLimit?: (limit: number) => void;
    onPause?: (milliseconds: number) => void;
  }) {
    this.provider = options.provider;
    this.adaptive = new AdaptiveLimit({ max: options.max });
    this.clock = options.clock;
    this.onLimit = options.onLimit ?? (() => {});
    this.onPause = options.onPause ?? (() => {});
  }

  /** Calls allowed at once now. */
  get limit(): number {
    return this.adaptive.limit;
  }

  /** Waits for a slot; resolves with the time the call starts (for `pushBack`). Rejects when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0 && this.canStart()) {
      this.active += 1;
      return Promise.resolve(this.clock.now());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.clock.now());
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Frees a slot: the call ended. `outcome` says whether it succeeded or the provider pushed back. */
  release(outcome: { success: true } | { success: false; pushBack: boolean; startedAt: number; retryAfterSeconds: number | null }): void {
    this.active -= 1;
    const before = this.adaptive.limit;
    if (outcome.success) this.adaptive.success();
    else if (outcome.pushBack) {
      this.adaptive.pushBack({ startedAt: outcome.startedAt, now: this.clock.now() });
      if (outcome.retryAfterSeconds !== null && outcome.retryAfterSeconds > 0) {
        const until = this.clock.now() + outcome.retryAfterSeconds * 1000;
        if (until > this.pausedUntil) {
          this.pausedUntil = until;
          this.onPause(outcome.retryAfterSeconds * 1000);
        }
      }
    }
    if (this.adaptive.limit !== before) this.onLimit(this.adaptive.limit);
    this.pump();
  }

  private canStart(): boolean {
    return this.active < this.adaptive.limit && this.clock.now() >= this.pausedUntil;
  }

  private pump(): void {
    while (this.waiters.length > 0 && this.canStart()) {
      this.active += 1;
      this.waiters.shift()!.grant();
    }
    // Paused with calls waiting: wake when the pause ends.
    if (this.waiters.length > 0 && this.active < this.adaptive.limit && !this.wakeScheduled) {
      this.wakeScheduled = true;
      void this.clock.sleep(Math.max(0, this.pausedUntil - this.clock.now())).then(() => {
        this.wakeScheduled = false;
        this.pump();
      });
    }
  }
}
