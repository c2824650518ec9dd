import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveLimit } from './adaptive-limit.ts';
import { createVirtualClock } from './clock.ts';
import { retryDelayMs } from './retry-delay.ts';
import { Scheduler, TrialTimeoutError, type SchedulerEvent, type TaskFailure, type TaskOutcome } from './scheduler.ts';

const rateLimited = (retryAfterSeconds: number | null): TaskFailure => ({ retryable: true, retryAfterSeconds, pushBack: true, reason: 'HTTP 429' });
const serverError: TaskFailure = { retryable: true, retryAfterSeconds: null, pushBack: false, reason: 'HTTP 500' };

describe('AdaptiveLimit (AIMD)', () => {
  it('halves on push-back, once per event, and never goes below 1', () => {
    const limit = new AdaptiveLimit({ max: 16 });
    assert.equal(limit.limit, 16);
    assert.equal(limit.pushBack({ startedAt: 0, now: 10 }), true);
    assert.equal(limit.limit, 8);
    // A task that started before that decrease saw the old rate: no second halving.
    assert.equal(limit.pushBack({ startedAt: 5, now: 11 }), false);
    assert.equal(limit.limit, 8);
    for (let time = 20; time < 30; time += 1) limit.pushBack({ startedAt: time, now: time });
    assert.equal(limit.limit, 1);
  });

  it('grows by one after a run of successes, up to the maximum', () => {
    const limit = new AdaptiveLimit({ max: 4, initial: 2 });
    for (let index = 0; index < 7; index += 1) limit.success();
    assert.equal(limit.limit, 2, 'a run is at least 8 successes');
    limit.success();
    assert.equal(limit.limit, 3);
    for (let index = 0; index < 200; index += 1) limit.success();
    assert.equal(limit.limit, 4);
  });

  it('climbs back quickly to the last level that carried a run of successes, then probes slowly', () => {
    const limit = new AdaptiveLimit({ max: 32, initial: 8 });
    for (let index = 0; index < 32; index += 1) limit.success(); // proves 8, probes 9
    assert.equal(limit.limit, 9);
    limit.pushBack({ startedAt: 100, now: 100 }); // 9 was too many
    assert.equal(limit.limit, 4);
    for (let index = 0; index < 4; index += 1) limit.success();
    assert.equal(limit.limit, 8, 'one step per success back to the proven 8');
    limit.success();
    assert.equal(limit.limit, 8, 'then a whole run before the next probe');
    // A push-back at the proven level means capacity fell: the level is forgotten.
    limit.pushBack({ startedAt: 200, now: 200 });
    assert.equal(limit.limit, 4);
    limit.success();
    assert.equal(limit.limit, 4);
  });
});

describe('retryDelayMs', () => {
  it('waits what Retry-After says, plus at most 25% jitter', () => {
    assert.equal(retryDelayMs({ attempt: 1, retryAfterSeconds: 2, random: () => 0 }), 2000);
    assert.equal(retryDelayMs({ attempt: 5, retryAfterSeconds: 2, random: () => 0.999 }), 2500);
  });

  it('backs off exponentially with jitter otherwise, up to a minute', () => {
    assert.equal(retryDelayMs({ attempt: 1, retryAfterSeconds: null, random: () => 0 }), 500);
    assert.equal(retryDelayMs({ attempt: 1, retryAfterSeconds: null, random: () => 1 }), 1000);
    assert.equal(retryDelayMs({ attempt: 3, retryAfterSeconds: null, random: () => 1 }), 4000);
    assert.equal(retryDelayMs({ attempt: 20, retryAfterSeconds: null, random: () => 1 }), 60_000);
  });
});

type Task = { id: string; provider?: string };

/** A scheduler over scripted tasks in virtual time; `script` answers each attempt. */
function harness(options: {
  script: (task: Task, attempt: number, signal: AbortSignal, clock: ReturnType<typeof createVirtualClock>) => Promise<TaskOutcome<string>>;
  maxConcurrency?: number;
  maxRetries?: number;
  timeoutMs?: number;
  canStart?: () => string | null;
}) {
  const clock = createVirtualClock();
  const results: Array<{ id: string; result: string; attempts: number; at: number }> = [];
  const starts: Array<{ id: string; attempt: number; at: number }> = [];
  const events: SchedulerEvent[] = [];
  const scheduler = new Scheduler<Task, string>({
    providerOf: (task) => task.provider ?? 'fake',
    maxConcurrency: () => options.maxConcurrency ?? 2,
    maxRetries: options.maxRetries ?? 3,
    timeoutMs: options.timeoutMs ?? null,
    clock,
    random: () => 0,
    canStart: options.canStart,
    onEvent: (event) => events.push(event),
    run: (task, { attempt, signal }) => {
      starts.push({ id: task.id, attempt, at: clock.now() });
      return options.script(task, attempt, signal, clock);
    },
    onResult: (task, result, { attempts }) => results.push({ id: task.id, result, attempts, at: clock.now() }),
  });
  return { clock, scheduler, results, starts, events };
}

const ok = (value: string): TaskOutcome<string> => ({ result: value, failure: null });

describe('Scheduler', () => {
  it('retries a rate-limited task after Retry-After, pausing the provider meanwhile (virtual time)', async () => {
    const { scheduler, results, starts, events } = harness({
      maxConcurrency: 1,
      script: async (task, attempt, _signal, clock) => {
        await clock.sleep(100);
        if (task.id === 'a' && attempt === 1) return { result: 'failed', failure: rateLimited(3) };
        return ok(`${task.id} done`);
      },
    });
    scheduler.add([{ id: 'a' }, { id: 'b' }]);
    await scheduler.run();
    assert.deepEqual(results.map((result) => [result.id, result.result, result.attempts]).sort(), [
      ['a', 'a done', 2],
      ['b', 'b done', 1],
    ]);
    // a failed at 100 ms; nothing of this provider starts before 100 + 3000 ms, and a's retry not before that either.
    const bStart = starts.find((start) => start.id === 'b')!;
    const retry = starts.find((start) => start.id === 'a' && start.attempt === 2)!;
    assert.ok(bStart.at >= 3100, `b started at ${bStart.at}`);
    assert.ok(retry.at >= 3100, `retry started at ${retry.at}`);
    assert.ok(events.some((event) => event.type === 'pause' && event.milliseconds === 3000));
    assert.ok(events.some((event) => event.type === 'retry' && event.delayMs === 3000));
    assert.equal(scheduler.stats().retries, 1);
  });

  it('halves the provider limit on a 429 and leaves other providers alone', async () => {
    const { scheduler, events } = harness({
      maxConcurrency: 8,
      script: async (task, attempt, _signal, clock) => {
        await clock.sleep(10);
        if (task.id === 'x0' && attempt === 1) return { result: 'x', failure: rateLimited(null) };
        return ok(task.id);
      },
    });
    scheduler.add(Array.from({ length: 8 }, (_, index) => ({ id: `x${index}`, provider: 'openai' })));
    scheduler.add(Array.from({ length: 8 }, (_, index) => ({ id: `y${index}`, provider: 'anthropic' })));
    await scheduler.run();
    const limits = events.filter((event) => event.type === 'limit');
    assert.deepEqual(limits[0], { type: 'limit', provider: 'openai', limit: 4 });
    assert.ok(!limits.some((event) => event.type === 'limit' && event.provider === 'anthropic' && event.limit < 8));
  });

  it('backs off exponentially for retryable errors and gives the last failure once retries run out', async () => {
    const { scheduler, results, starts } = harness({
      maxRetries: 2,
      script: async () => ({ result: 'still failing', failure: serverError }),
    });
    scheduler.add([{ id: 'a' }]);
    await scheduler.run();
    assert.deepEqual(
      starts.map((start) => [start.attempt, start.at]),
      [
        [1, 0],
        [2, 500],
        [3, 1500],
      ],
    );
    assert.deepEqual(results, [{ id: 'a', result: 'still failing', attempts: 3, at: 1500 }]);
  });

  it('does not retry a failure that is not retryable', async () => {
    const { scheduler, results } = harness({
      script: async () => ({ result: 'bad request', failure: { retryable: false, retryAfterSeconds: null, pushBack: false, reason: 'HTTP 400' } }),
    });
    scheduler.add([{ id: 'a' }]);
    await scheduler.run();
    assert.equal(results[0].attempts, 1);
  });

  it('aborts an attempt that runs past the timeout with a TrialTimeoutError', async () => {
    const { scheduler, results } = harness({
      maxRetries: 0,
      timeoutMs: 5000,
      script: async (_task, _attempt, signal, clock) => {
        await clock.sleep(60_000, signal);
        return signal.aborted && TrialTimeoutError.isInstance(signal.reason) ? { result: 'timed out', failure: serverError } : ok('finished');
      },
    });
    scheduler.add([{ id: 'a' }]);
    await scheduler.run();
    assert.deepEqual(results.map((result) => [result.result, result.at]), [['timed out', 5000]]);
  });

  it('stop() starts nothing more but lets running tasks finish; their retries are dropped', async () => {
    const { scheduler, results, starts } = harness({
      maxConcurrency: 2,
      script: async (task, _attempt, _signal, clock) => {
        await clock.sleep(100);
        if (task.id === 'b') return { result: 'b failed', failure: serverError };
        return ok(task.id);
      },
    });
    scheduler.add(['a', 'b', 'c', 'd'].map((id) => ({ id })));
    const running = scheduler.run();
    scheduler.stop('interrupted');
    await running;
    assert.deepEqual(starts.map((start) => start.id), ['a', 'b']);
    assert.deepEqual(results.map((result) => result.id), ['a'], 'b would be retried, so it is left for a resume');
    assert.equal(scheduler.stopped, 'interrupted');
  });

  it('abort() abandons running tasks: their results are dropped', async () => {
    const { scheduler, results } = harness({
      script: async (task, _attempt, signal, clock) => {
        await clock.sleep(1000, signal);
        return ok(task.id);
      },
    });
    scheduler.add([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const running = scheduler.run();
    scheduler.abort('abandoned');
    await running;
    assert.deepEqual(results, []);
    assert.equal(scheduler.aborted, true);
  });

  it('stops starting when canStart says so (a spent budget)', async () => {
    let finished = 0;
    const { scheduler, results } = harness({
      maxConcurrency: 1,
      canStart: () => (finished >= 3 ? 'budget' : null),
      script: async (task) => {
        finished += 1;
        return ok(task.id);
      },
    });
    scheduler.add(Array.from({ length: 10 }, (_, index) => ({ id: String(index) })));
    await scheduler.run();
    assert.equal(results.length, 3);
    assert.equal(scheduler.stopped, 'budget');
  });

  it('reports a task that throws (a bug) from run() after the others finish', async () => {
    const { scheduler, results } = harness({
      maxConcurrency: 2,
      script: async (task, _attempt, _signal, clock) => {
        await clock.sleep(task.id === 'boom' ? 1 : 50);
        if (task.id === 'boom') throw new Error('detector crashed');
        return ok(task.id);
      },
    });
    scheduler.add([{ id: 'boom' }, { id: 'a' }, { id: 'b' }]);
    await assert.rejects(scheduler.run(), /detector crashed/);
    assert.deepEqual(results.map((result) => result.id), ['a']);
  });
});
