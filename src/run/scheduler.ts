import { PeerwatchError } from '../util/index.ts';
import { AdaptiveLimit } from './adaptive-limit.ts';
import { systemClock, type SchedulerClock } from './clock.ts';
import { retryDelayMs } from './retry-delay.ts';

/** How an attempt failed, as far as scheduling cares. */
export type TaskFailure = {
  /** Whether running the task again may succeed (rate limits, server errors, timeouts). */
  retryable: boolean;
  /** Seconds the provider asked us to wait (`Retry-After`), if it said. */
  retryAfterSeconds: number | null;
  /** The provider pushed back (HTTP 429 or "overloaded"): its concurrency limit is halved. */
  pushBack: boolean;
  /** Short text for progress output. */
  reason: string;
};

/** What one attempt of a task gave: its result, and the failure if it failed. */
export type TaskOutcome<R> = { result: R; failure: TaskFailure | null };

/** Something the scheduler did that a progress display may show. */
export type SchedulerEvent =
  | { type: 'retry'; provider: string; attempt: number; delayMs: number; reason: string }
  | { type: 'limit'; provider: string; limit: number }
  | { type: 'pause'; provider: string; milliseconds: number }
  | { type: 'stop'; reason: string };

/** Raised through the abort signal of an attempt that ran past the per-trial timeout. */
export class TrialTimeoutError extends PeerwatchError {
  readonly seconds: number;

  constructor(seconds: number) {
    super({ name: 'TimeoutError', message: `the trial did not finish within ${seconds} s (--trial-timeout)` });
    this.seconds = seconds;
  }

  static override isInstance(error: unknown): error is TrialTimeoutError {
    return PeerwatchError.isInstance(error) && error.name === 'TimeoutError' && 'seconds' in error;
  }
}

type Entry<T> = { item: T; attempt: number; notBefore: number };

/** Reason given to internal aborts (a finished timer, a wake-up): a DOMException per abort costs a stack trace. */
const settled = Object.freeze({ name: 'Settled' });

type ProviderState<T> = {
  name: string;
  /** The adaptive limit, or `null` when the provider's limit is `maxConcurrency` as it stands (calls are gated). */
  limit: AdaptiveLimit | null;
  running: number;
  queue: Array<Entry<T>>;
  head: number;
  /** Retries waiting for their time, in order of `notBefore`. */
  delayed: Array<Entry<T>>;
  pausedUntil: number;
};

/** Counts for progress output. */
export type SchedulerStats = {
  queued: number;
  running: number;
  retries: number;
  limits: Record<string, number>;
};

/**
 * Runs tasks with a concurrency limit per provider that adapts to push-back (see `AdaptiveLimit`), honours
 * `Retry-After` by pausing the provider's new starts, retries retryable failures with jittered exponential backoff up
 * to `maxRetries` times, aborts attempts that pass `timeoutMs`, and stops cleanly: `stop()` starts nothing more and
 * lets running tasks finish; `abort()` also aborts them, and their results are dropped. Only final results reach
 * `onResult` (a success, a failure that may not or can no more be retried); a retry waiting when the run stops is
 * dropped, so the task counts as never run.
 */
export class Scheduler<T, R> {
  private readonly options: {
    run: (item: T, context: { attempt: number; signal: AbortSignal }) => Promise<TaskOutcome<R>>;
    onResult: (item: T, result: R, info: { attempts: number }) => void;
    providerOf: (item: T) => string;
    maxConcurrency: (provider: string) => number;
    adaptive: (provider: string) => boolean;
    maxRetries: number;
    timeoutMs: number | null;
    clock: SchedulerClock;
    random: () => number;
    canStart: () => string | null;
    onEvent: (event: SchedulerEvent) => void;
  };
  private readonly providers = new Map<string, ProviderState<T>>();
  private readonly hard = new AbortController();
  private running = 0;
  private retries = 0;
  private stopReason: string | null = null;
  private failure: unknown = null;
  private wake: () => void = () => {};
  private woken: Promise<void> = Promise.resolve();

  constructor(options: {
    /** Runs one attempt. It must settle soon after `signal` aborts. */
    run: (item: T, context: { attempt: number; signal: AbortSignal }) => Promise<TaskOutcome<R>>;
    onResult: (item: T, result: R, info: { attempts: number }) => void;
    providerOf: (item: T) => string;
    /** Tasks of a provider at once: the ceiling of its adaptive limit, or the limit itself when not adaptive. */
    maxConcurrency: (provider: string) => number;
    /**
     * Whether the provider's limit adapts to push-back here (default). `false` when something else adapts (the
     * model calls are gated): then `maxConcurrency` is asked afresh at every start and push-back only delays retries.
     */
    adaptive?: (provider: string) => boolean;
    /** Retries after the first attempt (0: none). */
    maxRetries?: number;
    timeoutMs?: number | null;
    clock?: SchedulerClock;
    random?: () => number;
    /** Asked before every start: `null` to go on, or the reason to stop starting (a spent budget). */
    canStart?: () => string | null;
    onEvent?: (event: SchedulerEvent) => void;
  }) {
    this.options = {
      run: options.run,
      onResult: options.onResult,
      providerOf: options.providerOf,
      maxConcurrency: options.maxConcurrency,
      adaptive: options.adaptive ?? (() => true),
      maxRetries: Math.max(0, options.maxRetries ?? 3),
      timeoutMs: options.timeoutMs ?? null,
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
      canStart: options.canStart ?? (() => null),
      onEvent: options.onEvent ?? (() => {}),
    };
    this.resetWake();
  }

  private resetWake(): void {
    this.woken = new Promise((resolve) => (this.wake = resolve));
  }

  private notify(): void {
    this.wake();
  }

  private provider(name: string): ProviderState<T> {
    let state = this.providers.get(name);
    if (state === undefined) {
      state = {
        name,
        limit: this.options.adaptive(name) ? new AdaptiveLimit({ max: this.options.maxConcurrency(name) }) : null,
        running: 0,
        queue: [],
        head: 0,
        delayed: [],
        pausedUntil: Number.NEGATIVE_INFINITY,
      };
      this.providers.set(name, state);
    }
    return state;
  }

  /** Queues tasks (also while running: sequential sampling adds rounds as cells go on). */
  add(items: Iterable<T>): void {
    for (const item of items) this.provider(this.options.providerOf(item)).queue.push({ item, attempt: 1, notBefore: Number.NEGATIVE_INFINITY });
    this.notify();
  }

  /** Starts nothing more; running tasks finish and their results count. */
  stop(reason: string): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    this.options.onEvent({ type: 'stop', reason });
    this.notify();
  }

  /** Stops and aborts running tasks; their results are dropped. */
  abort(reason: string): void {
    this.stop(reason);
    this.hard.abort(new Error(reason));
    this.notify();
  }

  /** Looks at the limits again (a gate's limit grew). */
  refresh(): void {
    this.notify();
  }

  /** Why the scheduler stopped early, or `null` while it has not. */
  get stopped(): string | null {
    return this.stopReason;
  }

  get aborted(): boolean {
    return this.hard.signal.aborted;
  }

  stats(): SchedulerStats {
    let queued = 0;
    const limits: Record<string, number> = {};
    for (const state of this.providers.values()) {
      queued += state.queue.length - state.head + state.delayed.length;
      limits[state.name] = this.limitOf(state);
    }
    return { queued, running: this.running, retries: this.retries, limits };
  }

  private limitOf(state: ProviderState<T>): number {
    return state.limit?.limit ?? Math.max(1, Math.floor(this.options.maxConcurrency(state.name)));
  }

  private hasQueued(): boolean {
    for (const state of this.providers.values()) if (state.queue.length > state.head || state.delayed.length > 0) return true;
    return false;
  }

  /** The next entry of a provider that may start now, if any. */
  private take(state: ProviderState<T>, now: number): Entry<T> | undefined {
    if (state.delayed.length > 0 && state.delayed[0].notBefore <= now) return state.delayed.shift();
    if (state.queue.length > state.head) {
      const entry = state.queue[state.head];
      state.head += 1;
      // Drop the consumed front now and then, so a long queue does not keep its history.
      if (state.head > 1024 && state.head * 2 > state.queue.length) {
        state.queue = state.queue.slice(state.head);
        state.head = 0;
      }
      return entry;
    }
    return undefined;
  }

  private startReady(): void {
    if (this.stopReason !== null || this.failure !== null) return;
    const now = this.options.clock.now();
    for (const state of this.providers.values()) {
      if (state.pausedUntil > now) continue;
      while (state.running < this.limitOf(state)) {
        const blocked = this.options.canStart();
        if (blocked !== null) {
          this.stop(blocked);
          return;
        }
        const entry = this.take(state, now);
        if (entry === undefined) break;
        this.start(state, entry);
      }
    }
  }

  /** The earliest time at which a provider blocked by time (a pause, a delayed retry) could start something. */
  private nextWakeAt(): number | null {
    if (this.stopReason !== null) return null;
    let earliest: number | null = null;
    for (const state of this.providers.values()) {
      const ready = state.queue.length > state.head ? Number.NEGATIVE_INFINITY : state.delayed.length > 0 ? state.delayed[0].notBefore : null;
      if (ready === null || state.running >= this.limitOf(state)) continue;
      const at = Math.max(ready, state.pausedUntil);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest;
  }

  private start(state: ProviderState<T>, entry: Entry<T>): void {
    const { clock, timeoutMs } = this.options;
    state.running += 1;
    this.running += 1;
    const startedAt = clock.now();
    let signal = this.hard.signal;
    let stopTimer: AbortController | null = null;
    if (timeoutMs !== null) {
      const attemptController = new AbortController();
      const timer = new AbortController();
      stopTimer = timer;
      void clock.sleep(timeoutMs, timer.signal).then(() => {
        if (!timer.signal.aborted) attemptController.abort(new TrialTimeoutError(timeoutMs / 1000));
      });
      signal = AbortSignal.any([this.hard.signal, attemptController.signal]);
    }
    let promise: Promise<TaskOutcome<R>>;
    try {
      promise = this.options.run(entry.item, { attempt: entry.attempt, signal });
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise
      .then(
        (outcome) => this.finish(state, entry, outcome, startedAt),
        (error: unknown) => {
          // A bug, not a trial failure: stop starting, let the others finish, and report it from run().
          this.failure ??= error;
        },
      )
      .finally(() => {
        stopTimer?.abort(settled);
        state.running -= 1;
        this.running -= 1;
        this.notify();
      });
  }

  private finish(state: ProviderState<T>, entry: Entry<T>, outcome: TaskOutcome<R>, startedAt: number): void {
    if (this.hard.signal.aborted) return; // abandoned: the task counts as never run
    const { failure } = outcome;
    const now = this.options.clock.now();
    if (state.limit === null) {
      // The gate adapts; nothing to do here.
    } else if (failure === null) {
      const before = state.limit.limit;
      state.limit.success();
      if (state.limit.limit !== before) this.options.onEvent({ type: 'limit', provider: state.name, limit: state.limit.limit });
    } else if (failure.pushBack) {
      if (state.limit.pushBack({ startedAt, now })) this.options.onEvent({ type: 'limit', provider: state.name, limit: state.limit.limit });
      if (failure.retryAfterSeconds !== null && failure.retryAfterSeconds > 0) {
        const until = now + failure.retryAfterSeconds * 1000;
        if (until > state.pausedUntil) {
          state.pausedUntil = until;
          this.options.onEvent({ type: 'pause', provider: state.name, milliseconds: failure.retryAfterSeconds * 1000 });
        }
      }
    }
    if (failure !== null && failure.retryable && entry.attempt <= this.options.maxRetries) {
      if (this.stopReason !== null) return; // not retried, not stored: a resume runs it again
      const delayMs = retryDelayMs({ attempt: entry.attempt, retryAfterSeconds: failure.retryAfterSeconds, random: this.options.random });
      const retry: Entry<T> = { item: entry.item, attempt: entry.attempt + 1, notBefore: now + delayMs };
      const index = state.delayed.findIndex((other) => other.notBefore > retry.notBefore);
      state.delayed.splice(index < 0 ? state.delayed.length : index, 0, retry);
      this.retries += 1;
      this.options.onEvent({ type: 'retry', provider: state.name, attempt: retry.attempt, delayMs, reason: failure.reason });
      return;
    }
    this.options.onResult(entry.item, outcome.result, { attempts: entry.attempt });
  }

  /**
   * Runs until every task has a final result, or until a stop and the end of the running tasks. Yields to the event
   * loop now and then, so signals and timers are served even when tasks finish without any I/O.
   */
  async run(): Promise<void> {
    const { clock } = this.options;
    let lastYield = performance.now();
    for (;;) {
      this.resetWake();
      this.startReady();
      if (this.running === 0 && (this.stopReason !== null || this.failure !== null || !this.hasQueued())) break;
      const wakeAt = this.nextWakeAt();
      if (wakeAt === null) await this.woken;
      else {
        const cancel = new AbortController();
        await Promise.race([this.woken, clock.sleep(Math.max(0, wakeAt - clock.now()), cancel.signal)]);
        cancel.abort(settled);
      }
      if (performance.now() - lastYield > 15) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    if (this.failure !== null) throw this.failure;
  }
}
