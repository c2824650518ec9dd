/**
 * Time as the scheduler sees it: a clock in milliseconds and a sleep that ends early (without error) when its
 * signal aborts. Injected so that tests and benchmarks can run rate limits and backoff in virtual time.
 */
export type SchedulerClock = {
  now: () => number;
  sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
};

/** The real clock. Sleeps do not keep the process alive once nothing else does. */
export const systemClock: SchedulerClock = {
  now: () => performance.now(),
  sleep: (milliseconds, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, milliseconds));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * A clock whose time moves only when everything else is idle: whenever the event loop has nothing left but
 * sleeps on this clock, it jumps to the earliest one and wakes it. Waits of minutes take no real time. Only for code
 * whose other work is in memory (no real I/O), such as the scheduler driven by scripted fake agents.
 */
export function createVirtualClock(options: { start?: number } = {}): SchedulerClock & { sleeps: number[] } {
  let now = options.start ?? 0;
  let sequence = 0;
  const timers: Array<{ at: number; order: number; wake: () => void }> = [];
  let pending = false;
  const sleeps: number[] = [];
  const advance = () => {
    pending = false;
    if (timers.length === 0) return;
    timers.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = timers.shift()!;
    now = Math.max(now, next.at);
    next.wake();
    schedule();
  };
  // setImmediate runs after pending promise callbacks, so "idle" means no in-memory work is left to do.
  const schedule = () => {
    if (!pending && timers.length > 0) {
      pending = true;
      setImmediate(advance);
    }
  };
  return {
    sleeps,
    now: () => now,
    sleep: (milliseconds, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        sleeps.push(milliseconds);
        const timer = { at: now + Math.max(0, milliseconds), order: sequence++, wake: () => finish() };
        const finish = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          signal?.removeEventListener('abort', finish);
          resolve();
        };
        signal?.addEventListener('abort', finish, { once: true });
        timers.push(timer);
        schedule();
      }),
  };
}
