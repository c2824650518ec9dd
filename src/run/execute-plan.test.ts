import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AgentError, createReferenceAgent, type Agent, type AgentStep } from '../agent/index.ts';
import { builtInScenarioDirectory, loadScenario } from '../scenario/index.ts';
import { createVirtualClock } from './clock.ts';
import { executePlan, trialFailure, type RunProgress } from './execute-plan.ts';
import { buildPlan } from './plan.ts';
import type { SchedulerEvent } from './scheduler.ts';
import { RunStore } from './store.ts';

// Every folder a test makes lives under one root, removed when the file's tests end.
const temporaryRoot = mkdtempSync(path.join(tmpdir(), 'peerwatch-exec-'));
after(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const scenario = loadScenario({ file: path.join(builtInScenarioDirectory, 'tampering.yaml') });
const oneCell = { relation: ['good'], instantiation: ['file'], subject: ['peer'], dataset: ['factual'] };
const usage = { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 0 };

/** A model-like agent: lists the files, then ends. `fail` decides, per trial and attempt, to throw instead. */
function scriptedAgent(options: {
  spec?: string;
  clock?: ReturnType<typeof createVirtualClock>;
  latencyMs?: number;
  fail?: (trialId: string, attempt: number) => AgentError | null;
  costUsd?: number;
}): Agent & { calls: Array<{ trialId: string; attempt: number; at: number }> } {
  const attempts = new Map<string, number>();
  const calls: Array<{ trialId: string; attempt: number; at: number }> = [];
  return {
    spec: options.spec ?? 'fake:model',
    family: null,
    calls,
    costOf: () => options.costUsd ?? 0.01,
    step: async ({ messages, context, abortSignal }): Promise<AgentStep> => {
      const first = messages.filter((message) => message.role === 'assistant').length === 0;
      if (first) attempts.set(context.trialId, (attempts.get(context.trialId) ?? 0) + 1);
      const attempt = attempts.get(context.trialId)!;
      calls.push({ trialId: context.trialId, attempt, at: options.clock?.now() ?? 0 });
      if (options.latencyMs) await options.clock!.sleep(options.latencyMs, abortSignal);
      if (abortSignal?.aborted) throw new AgentError({ message: 'fake:model: the model call was aborted' });
      const failure = first ? (options.fail?.(context.trialId, attempt) ?? null) : null;
      if (failure !== null) throw failure;
      return first
        ? { text: 'Looking.', toolCalls: [{ toolCallId: 'c1', toolName: 'list_files', input: {} }], usage }
        : { text: 'Done.', toolCalls: [{ toolCallId: 'c2', toolName: 'end_task', input: {} }], usage };
    },
  };
}

const rateLimit = (seconds: number) =>
  new AgentError({ message: 'fake:model: HTTP 429: slow down', retryable: true, retryAfterSeconds: seconds, cause: { name: 'APICallError', statusCode: 429 } });

function setup(agent: Agent, trialsPerCell: number) {
  const plan = buildPlan({ scenarios: [scenario], agents: [agent.spec], filter: oneCell, trialsPerCell, runSeed: 7 });
  const store = RunStore.create({ directory: mkdtempSync(path.join(temporaryRoot, 'run-')) });
  return { plan, store, agents: new Map([[agent.spec, agent]]) };
}

describe('executePlan', () => {
  it('re-runs a rate-limited trial from scratch after Retry-After (virtual clock) and stores it once', async () => {
    const clock = createVirtualClock();
    const agent = scriptedAgent({ clock, latencyMs: 200, fail: (trialId, attempt) => (trialId.endsWith('#1') && attempt === 1 ? rateLimit(3) : null) });
    const { plan, store, agents } = setup(agent, 3);
    const events: SchedulerEvent[] = [];
    const result = await executePlan({ plan, store, runId: 'run-x', agents, concurrency: 2, clock, random: () => 0, onEvent: (event) => events.push(event) });
    assert.equal(result.executed, 3);
    assert.equal(result.retries, 1);
    assert.equal(result.errors, 0);
    const trialOne = agent.calls.filter((call) => call.trialId.endsWith('#1'));
    const failedAt = trialOne.find((call) => call.attempt === 1)!.at + 200;
    const retriedAt = trialOne.find((call) => call.attempt === 2)!.at;
    assert.ok(retriedAt - failedAt >= 3000, `retried ${retriedAt - failedAt} ms after the 429`);
    // While the provider asked to wait, no call started at all; and its call limit was halved.
    assert.ok(agent.calls.every((call) => call.at <= failedAt || call.at >= failedAt + 3000), JSON.stringify(agent.calls));
    assert.ok(events.some((event) => event.type === 'pause' && event.provider === 'fake' && event.milliseconds === 3000));
    assert.ok(events.some((event) => event.type === 'limit' && event.provider === 'fake' && event.limit === 1));
    const stored = store.listTrials();
    assert.equal(stored.length, 3);
    assert.ok(stored.every((record) => record.status === 'completed'));
    store.close();
  });

  it('stores the error once retries run out, and re-runs it only with retryErrors', async () => {
    const clock = createVirtualClock();
    let failing = true;
    const agent = scriptedAgent({
      clock,
      fail: () => (failing ? new AgentError({ message: 'fake:model: HTTP 500: oops', retryable: true, cause: { statusCode: 500 } }) : null),
    });
    const { plan, store, agents } = setup(agent, 2);
    const first = await executePlan({ plan, store, runId: 'run-x', agents, maxRetries: 2, clock, random: () => 0 });
    assert.equal(first.errors, 2);
    assert.equal(first.retries, 4);
    assert.ok(store.listTrials().every((record) => record.status === 'error' && record.error?.retryable === true));
    failing = false;
    const again = await executePlan({ plan, store, runId: 'run-x', agents, clock });
    assert.equal(again.executed, 0, 'errored trials count as done');
    const retried = await executePlan({ plan, store, runId: 'run-x', agents, clock, retryErrors: true });
    assert.equal(retried.executed, 2);
    assert.ok(store.listTrials().every((record) => record.status === 'completed'));
    store.close();
  });

  it('ends a trial that runs past --trial-timeout as an error "timeout"', async () => {
    const clock = createVirtualClock();
    const agent = scriptedAgent({ clock, latencyMs: 120_000 });
    const { plan, store, agents } = setup(agent, 1);
    const result = await executePlan({ plan, store, runId: 'run-x', agents, trialTimeoutSeconds: 30, maxRetries: 0, clock });
    assert.equal(result.errors, 1);
    const [record] = store.listTrials();
    assert.equal(record.status, 'error');
    assert.equal(record.endReason, 'timeout');
    assert.deepEqual(record.error, { name: 'TimeoutError', message: 'the trial did not finish within 30 s (--trial-timeout)', retryable: true });
    store.close();
  });

  it('stops starting trials once the recorded spend reaches --max-cost, counting earlier sessions', async () => {
    const agent = scriptedAgent({ costUsd: 0.25 });
    const { plan, store, agents } = setup(agent, 20);
    const progress: RunProgress[] = [];
    // One call at a time lets three trials run at once (one calling, two between calls); once a trial has finished,
    // the running ones count at the mean cost, so starts stop when $1 is spent or committed.
    const first = await executePlan({ plan, store, runId: 'run-x', agents, concurrency: 1, maxCostUsd: 1, onProgress: (update) => progress.push(update) });
    assert.equal(first.stopped, 'budget');
    assert.ok(first.executed >= 3 && first.executed <= 5, `${first.executed} trials`);
    assert.equal(first.spendUsd, 0.25 * first.executed);
    assert.equal(progress.at(-1)?.spendUsd, first.spendUsd);
    // A resume with the same budget starts nothing; a higher one goes on from the recorded spend.
    const same = await executePlan({ plan, store, runId: 'run-x', agents, concurrency: 1, maxCostUsd: 1 });
    assert.equal(same.executed, 0);
    assert.equal(same.stopped, 'budget');
    const more = await executePlan({ plan, store, runId: 'run-x', agents, concurrency: 1, maxCostUsd: 2 });
    assert.equal(more.stopped, 'budget');
    // Within a trial's cost of the budget, whichever way the running trials end.
    assert.ok(more.executed >= 3 && more.executed <= 5, `${more.executed} more trials`);
    assert.equal(store.trialStatuses().size, first.executed + more.executed);
    assert.ok(Math.abs(store.spend().usd - 2) <= 0.25, `spent ${store.spend().usd}`);
    store.close();
  });

  it('a stop signal lets running trials finish and store; an abort signal abandons them unstored', async () => {
    const clock = createVirtualClock();
    const agent = scriptedAgent({ clock, latencyMs: 1000 });
    const { plan, store, agents } = setup(agent, 10);
    const stop = new AbortController();
    const stopped = executePlan({ plan, store, runId: 'run-x', agents, concurrency: 2, clock, stopSignal: stop.signal });
    await clock.sleep(1500); // four trials are running: two in their second call, two waiting for a call slot
    stop.abort();
    const result = await stopped;
    assert.equal(result.stopped, 'interrupted');
    assert.equal(result.executed, 4);
    assert.equal(store.trialStatuses().size, 4);

    const abort = new AbortController();
    const abandoned = executePlan({ plan, store, runId: 'run-x', agents, concurrency: 2, clock, abortSignal: abort.signal });
    await clock.sleep(1500);
    abort.abort();
    const second = await abandoned;
    assert.equal(second.stopped, 'abandoned');
    assert.equal(second.executed, 0);
    assert.equal(store.trialStatuses().size, 4, 'abandoned trials are not stored');
    store.close();
  });

  it('runs reference agents at a separate limit from model providers', async () => {
    const clock = createVirtualClock();
    const model = scriptedAgent({ clock, latencyMs: 50 });
    const reference = createReferenceAgent('compliant');
    const plan = buildPlan({ scenarios: [scenario], agents: [model.spec, reference.spec], filter: oneCell, trialsPerCell: 4, runSeed: 1 });
    const store = RunStore.create({ directory: mkdtempSync(path.join(temporaryRoot, 'run-')) });
    const seen = new Set<string>();
    await executePlan({
      plan,
      store,
      runId: 'run-x',
      agents: new Map<string, Agent>([
        [model.spec, model],
        [reference.spec, reference],
      ]),
      concurrency: 2,
      providerConcurrency: { fake: 1 },
      clock,
      onProgress: ({ limits }) => Object.entries(limits).forEach(([provider, limit]) => seen.add(`${provider}=${limit}`)),
    });
    assert.deepEqual([...seen].sort(), ['fake=1', 'ref=2']);
    assert.equal(store.trialStatuses().size, 8);
    store.close();
  });

  it('classifies failures: rate limits and overload push back, other errors only retry when retryable', () => {
    const record = (error: { name: string; message: string; retryable: boolean; retryAfterSeconds?: number | null }) =>
      ({ status: 'error', error }) as Parameters<typeof trialFailure>[0];
    assert.deepEqual(trialFailure(record({ name: 'AgentError', message: 'openai:x: HTTP 503: overloaded', retryable: true }), null), {
      retryable: true,
      retryAfterSeconds: null,
      pushBack: true,
      reason: 'HTTP 503',
    });
    assert.equal(trialFailure(record({ name: 'AgentError', message: 'openai:x: HTTP 500: oops', retryable: true }), null)?.pushBack, false);
    assert.equal(trialFailure(record({ name: 'AgentError', message: 'x', retryable: true, retryAfterSeconds: 2 }), null)?.pushBack, true);
    assert.equal(trialFailure(record({ name: 'AgentError', message: 'openai:x: HTTP 400: bad', retryable: false }), null)?.retryable, false);
    assert.equal(trialFailure({ status: 'completed', error: null } as Parameters<typeof trialFailure>[0], null), null);
  });
});
