import type { Agent, LoopLimits } from '../agent/index.ts';
import { runTrial, type TrialRecord } from '../trial/index.ts';
import type { Plan, PlannedTrial } from './plan.ts';
import type { RunStore } from './store.ts';

/** Progress of a run, reported after every trial. */
export type RunProgress = { done: number; total: number; errors: number; record: TrialRecord };

/**
 * Runs the plan's trials that the store does not already hold as finished, `concurrency` at a time, storing each
 * record and transcript as soon as its trial ends. Returns the records of this execution.
 */
export async function executePlan(options: {
  plan: Plan;
  store: RunStore;
  runId: string;
  agents: ReadonlyMap<string, Agent>;
  concurrency?: number;
  family?: string | null;
  limits?: Partial<LoopLimits>;
  /** Re-run trials that ended in error. */
  retryErrors?: boolean;
  abortSignal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}): Promise<TrialRecord[]> {
  const statuses = options.store.trialStatuses();
  const pending = options.plan.trials.filter((trial) => {
    const status = statuses.get(trial.id);
    return status === undefined || (options.retryErrors === true && status === 'error');
  });
  const records: TrialRecord[] = [];
  let errors = 0;
  let next = 0;
  const total = pending.length;
  const worker = async () => {
    while (next < pending.length) {
      if (options.abortSignal?.aborted) return;
      const planned: PlannedTrial = pending[next];
      next += 1;
      const agent = options.agents.get(planned.agent);
      if (agent === undefined) throw new Error(`agent ${planned.agent} was not resolved`);
      const { record, transcript } = await runTrial({
        runId: options.runId,
        scenario: planned.scenario,
        cell: planned.cell,
        agent,
        trial: planned.trial,
        seed: planned.seed,
        family: options.family,
        limits: options.limits,
        abortSignal: options.abortSignal,
      });
      options.store.putTrial({ record, transcript });
      records.push(record);
      if (record.status === 'error') errors += 1;
      options.onProgress?.({ done: records.length, total, errors, record });
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, pending.length)) }, worker));
  return records;
}
