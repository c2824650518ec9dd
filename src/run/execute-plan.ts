import { AgentError, type Agent, type LoopLimits, type ModelCallRecorder } from '../agent/index.ts';
import type { TrialJudge } from '../detect/index.ts';
import { runTrial, type TrialRecord } from '../trial/index.ts';
import { CallGate } from './call-gate.ts';
import { systemClock, type SchedulerClock } from './clock.ts';
import { storeModelCalls } from './model-call-store.ts';
import type { Plan, PlannedTrial } from './plan.ts';
import { isLocalProvider, providerOf } from './provider-of.ts';
import { Scheduler, TrialTimeoutError, type SchedulerEvent, type TaskFailure, type TaskOutcome } from './scheduler.ts';
import { SequentialSampler, type SequentialCell, type SequentialRule } from './sequential-sampling.ts';
import { trialSpend } from './spend.ts';
import type { RunStore, StoredTrial } from './store.ts';

/** Progress of a run, reported after every trial that has its final result. */
export type RunProgress = {
  /** Trials finished in this execution, and how many it may run in all (sequential sampling lowers it as cells stop). */
  done: number;
  total: number;
  errors: number;
  record: TrialRecord;
  /** Retries so far (attempts run again after a retryable failure). */
  retries: number;
  /** Recorded spend of the run in US dollars, earlier sessions included. */
  spendUsd: number;
  /** Trials running now, and the current concurrency limit of each provider. */
  running: number;
  limits: Record<string, number>;
};

/** Why an execution ended before its plan was done: a Ctrl-C, a second one, or the budget. */
export type StopReason = 'interrupted' | 'abandoned' | 'budget';

/** What an execution did. */
export type ExecutionResult = {
  /** Trials that got a final result and were stored in this execution. */
  executed: number;
  errors: number;
  retries: number;
  /** `null` when the plan (or the sequential rule) was carried out to the end. */
  stopped: StopReason | null;
  spendUsd: number;
  /** Cells' states under sequential sampling; `null` without it. */
  sequential: SequentialCell[] | null;
};

/** Records written together in one transaction when trials end faster than one commit each would allow. */
const writeBatch = 64;

/** Trials of a gated provider at once for `calls` calls at once: enough to keep every slot busy between calls. */
function trialsForCalls(calls: number): number {
  return calls + Math.ceil(calls / 2) + 1;
}

/** Whether an error is the provider pushing back (rate limit, overload). */
function isPushBack(error: unknown): { pushBack: boolean; retryAfterSeconds: number | null } {
  const retryAfterSeconds = AgentError.isInstance(error) ? error.retryAfterSeconds : null;
  const status = statusOf(error);
  return { pushBack: status === 429 || status === 503 || status === 529 || retryAfterSeconds !== null, retryAfterSeconds };
}

/** The HTTP status a provider error carried, where the agent error kept it. */
function statusOf(error: unknown): number | null {
  if (error === null || typeof error !== 'object') return null;
  const { cause, message } = error as { cause?: { statusCode?: unknown }; message?: unknown };
  if (typeof cause?.statusCode === 'number') return cause.statusCode;
  // A stored record keeps the message only: "<model>: HTTP 429: …".
  const match = typeof message === 'string' ? /\bHTTP (\d{3})\b/.exec(message) : null;
  return match === null ? null : Number(match[1]);
}

/** How a trial attempt failed, for the scheduler: `null` unless it ended in error. */
export function trialFailure(record: TrialRecord, thrown: unknown): TaskFailure | null {
  if (record.status !== 'error' || record.error === null) return null;
  const agentError = AgentError.isInstance(thrown) ? thrown : null;
  const retryAfterSeconds = agentError?.retryAfterSeconds ?? record.error.retryAfterSeconds ?? null;
  const status = statusOf(agentError ?? record.error);
  return {
    retryable: record.error.retryable,
    retryAfterSeconds,
    // Rate limits and "overloaded" answers: the provider wants fewer requests at once.
    pushBack: status === 429 || status === 503 || status === 529 || retryAfterSeconds !== null,
    reason: status !== null ? `HTTP ${status}` : record.error.name,
  };
}

/**
 * Runs the plan's trials that the store does not already hold (or holds as errors, with `retryErrors`) through the
 * scheduler: a concurrency limit per provider that adapts to rate limits, retries of retryable failures from scratch
 * (recorded model calls make the re-run cheap), a per-trial timeout, a budget, and sequential sampling when a rule is
 * given. Each trial is stored with its transcript in one transaction as soon as it ends (trials that end together
 * share one). `stopSignal` stops starting trials; `abortSignal` also abandons the running ones, which are then not
 * stored, so a resume runs them again.
 */
export async function executePlan(options: {
  plan: Plan;
  store: RunStore;
  runId: string;
  agents: ReadonlyMap<string, Agent>;
  /** Trials at once per provider (default 4); `providerConcurrency` overrides it for named providers. */
  concurrency?: number;
  providerConcurrency?: Readonly<Record<string, number>>;
  family?: string | null;
  limits?: Partial<LoopLimits>;
  /** Tools exposed beside each scenario's own (`bash` for `run --shell`). */
  extraTools?: readonly string[];
  /** Record and replay of model calls (default: the run's store; pass one with `--cache-from` stores behind it). */
  modelCalls?: ModelCallRecorder;
  /** LLM judge run after each trial's detectors. */
  judge?: TrialJudge | null;
  /** Re-run trials that ended in error. */
  retryErrors?: boolean;
  /** Times a trial that failed retryably is run again (default 3). */
  maxRetries?: number;
  trialTimeoutSeconds?: number | null;
  /** Stop starting trials once the run's recorded spend reaches this many US dollars. */
  maxCostUsd?: number | null;
  sequential?: SequentialRule | null;
  stopSignal?: AbortSignal;
  abortSignal?: AbortSignal;
  clock?: SchedulerClock;
  random?: () => number;
  onProgress?: (progress: RunProgress) => void;
  onEvent?: (event: SchedulerEvent) => void;
}): Promise<ExecutionResult> {
  const { plan, store } = options;
  const modelCalls = options.modelCalls ?? storeModelCalls({ store });
  const outcomes = store.listTrialOutcomes();
  const sampler =
    options.sequential === null || options.sequential === undefined
      ? null
      : new SequentialSampler({ plan, rule: options.sequential, stored: outcomes, retryErrors: options.retryErrors });
  const statuses = new Map(outcomes.map((outcome) => [outcome.id, outcome.status]));
  const initial =
    sampler?.initial() ??
    plan.trials.filter((trial) => {
      const status = statuses.get(trial.id);
      return status === undefined || (options.retryErrors === true && status === 'error');
    });

  let spendUsd = store.spend().usd;
  /** Attempts running now (counted here, so that a trial that just ended is not also counted as running). */
  let attemptsRunning = 0;
  let done = 0;
  let errors = 0;
  let total = sampler === null ? initial.length : sampler.remainingUpperBound();
  const buffer: StoredTrial[] = [];
  let flushQueued = false;
  const flush = () => {
    if (buffer.length > 0) store.putTrials(buffer.splice(0));
  };

  const defaultConcurrency = Math.max(1, options.concurrency ?? 4);
  const clock = options.clock ?? systemClock;
  // Model providers whose agents take steps get their calls gated (the limit adapts per call); trial-level adaptation
  // stays for local agents and for whole-episode agents (harnesses), whose calls peerwatch does not see one by one.
  const gates = new Map<string, CallGate>();
  for (const spec of new Set(initial.map((trial) => trial.agent))) {
    const provider = providerOf(spec);
    if (isLocalProvider(provider) || gates.has(provider)) continue;
    const specs = plan.agents.filter((agent) => providerOf(agent) === provider);
    if (specs.some((agent) => options.agents.get(agent)?.runEpisode !== undefined)) continue;
    gates.set(
      provider,
      new CallGate({
        provider,
        max: options.providerConcurrency?.[provider] ?? defaultConcurrency,
        clock,
        onLimit: (limit) => {
          options.onEvent?.({ type: 'limit', provider, limit });
          scheduler.refresh();
        },
        onPause: (milliseconds) => options.onEvent?.({ type: 'pause', provider, milliseconds }),
      }),
    );
  }
  /** One attempt of a trial. */
  const runAttempt = async (planned: PlannedTrial, signal: AbortSignal): Promise<TaskOutcome<StoredTrial>> => {
    const base = options.agents.get(planned.agent);
    if (base === undefined) throw new Error(`agent ${planned.agent} was not resolved`);
    // Keep the error a step threw: the record keeps its text, the scheduler also wants its HTTP status. Each step of
    // a gated provider waits for a call slot; answers replayed from recorded calls do not count as successes.
    let thrown: unknown = null;
    let replayed = 0;
    const gate = gates.get(providerOf(planned.agent));
    const trialCalls = gate === undefined ? modelCalls : {
      find: (key: string) => {
        const found = modelCalls.find(key);
        if (found !== null) replayed += 1;
        return found;
      },
      record: modelCalls.record,
    };
    const agent: Agent =
      base.runEpisode !== undefined
        ? base
        : {
            ...base,
            step: async (stepOptions) => {
              const startedAt = gate === undefined ? 0 : await gate.acquire(stepOptions.abortSignal);
              const replayedBefore = replayed;
              try {
                const step = await base.step(stepOptions);
                gate?.release(replayed > replayedBefore ? { success: false, pushBack: false, startedAt, retryAfterSeconds: null } : { success: true });
                return step;
              } catch (error) {
                gate?.release({ success: false, startedAt, ...isPushBack(error) });
                thrown = error;
                throw error;
              }
            },
          };
    const result = await runTrial({
      runId: options.runId,
      scenario: planned.scenario,
      cell: planned.cell,
      agent,
      trial: planned.trial,
      seed: planned.seed,
      family: options.family,
      limits: options.limits,
      extraTools: options.extraTools,
      modelCalls: trialCalls,
      judge: options.judge,
      abortSignal: signal,
    });
    const reason: unknown = signal.reason;
    if (signal.aborted && TrialTimeoutError.isInstance(reason) && result.record.status !== 'completed') {
      result.record = {
        ...result.record,
        status: 'error',
        endReason: 'timeout',
        error: { name: 'TimeoutError', message: reason.message, retryable: true },
      };
      thrown = null;
    }
    return { result, failure: trialFailure(result.record, thrown) };
  };

  const scheduler: Scheduler<PlannedTrial, StoredTrial> = new Scheduler({
    providerOf: (planned) => providerOf(planned.agent),
    maxConcurrency: (provider) => {
      const gate = gates.get(provider);
      if (gate !== undefined) return trialsForCalls(gate.limit);
      return options.providerConcurrency?.[provider] ?? defaultConcurrency;
    },
    adaptive: (provider) => !gates.has(provider),
    maxRetries: options.maxRetries ?? 3,
    timeoutMs: options.trialTimeoutSeconds ? options.trialTimeoutSeconds * 1000 : null,
    clock,
    random: options.random,
    onEvent: options.onEvent,
    // The budget counts the running trials at the mean cost of those finished here, so that pipelined trials do not
    // carry the spend far past it.
    canStart: () => {
      const budget = options.maxCostUsd;
      if (budget === null || budget === undefined) return null;
      const finished = outcomes.length + done;
      const meanCost = finished === 0 ? 0 : spendUsd / finished;
      return spendUsd + attemptsRunning * meanCost >= budget ? 'budget' : null;
    },
    run: async (planned, { signal }): Promise<TaskOutcome<StoredTrial>> => {
      attemptsRunning += 1;
      try {
        return await runAttempt(planned, signal);
      } finally {
        attemptsRunning -= 1;
      }
    },
    onResult: (planned, result) => {
      buffer.push(result);
      const { record } = result;
      done += 1;
      if (record.status === 'error') errors += 1;
      spendUsd += trialSpend(record) ?? 0;
      if (sampler !== null) {
        const next = sampler.record(planned, record);
        if (next.length > 0) scheduler.add(next);
        total = done + sampler.remainingUpperBound();
      }
      if (buffer.length >= writeBatch) flush();
      else if (!flushQueued) {
        flushQueued = true;
        setImmediate(() => {
          flushQueued = false;
          flush();
        });
      }
      const stats = scheduler.stats();
      const limits = { ...stats.limits };
      for (const [provider, gate] of gates) limits[provider] = gate.limit;
      options.onProgress?.({ done, total, errors, record, retries: stats.retries, spendUsd, running: stats.running, limits });
    },
  });

  const onStop = () => scheduler.stop('interrupted');
  const onAbort = () => scheduler.abort('abandoned');
  if (options.stopSignal?.aborted) onStop();
  if (options.abortSignal?.aborted) onAbort();
  options.stopSignal?.addEventListener('abort', onStop);
  options.abortSignal?.addEventListener('abort', onAbort);
  scheduler.add(initial);
  try {
    await scheduler.run();
  } finally {
    options.stopSignal?.removeEventListener('abort', onStop);
    options.abortSignal?.removeEventListener('abort', onAbort);
    flush();
  }
  const stopped = scheduler.stopped as StopReason | null;
  return {
    executed: done,
    errors,
    retries: scheduler.stats().retries,
    stopped,
    spendUsd,
    sequential: sampler?.cells() ?? null,
  };
}
