import type { TrialJudge } from '../detect/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { judgeRecord, redetectTrial, type TrialRecord } from '../trial/index.ts';
import { formatAllowed, UsageError } from '../util/index.ts';
import { storeModelCalls } from './model-call-store.ts';
import type { RunStore } from './store.ts';

/**
 * Replays a stored run into a new one with no agent at all: every trial is decided again by the scenario's current
 * detectors from its recorded world and messages, then judged when a judge is given (judge answers the source run
 * already holds are reused). The source's model calls are copied, so the new run is complete on its own. Scenarios
 * the source used must all be known, or nothing is written.
 */
export async function replayRun(options: {
  source: RunStore;
  target: RunStore;
  runId: string;
  scenarios: readonly Scenario[];
  /** Replay only these scenarios' trials (default: all). */
  scenarioIds?: readonly string[];
  judge?: TrialJudge | null;
  abortSignal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; record: TrialRecord }) => void;
}): Promise<TrialRecord[]> {
  const { source, target } = options;
  const wanted = options.scenarioIds !== undefined && options.scenarioIds.length > 0 ? new Set(options.scenarioIds) : null;
  const records = source.listTrials().filter((record) => wanted === null || wanted.has(record.scenario));
  const byId = new Map(options.scenarios.map((scenario) => [scenario.id, scenario]));
  const missing = [...new Set(records.map((record) => record.scenario))].filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new UsageError({
      message: `${source.directory}: the run uses scenario ${formatAllowed(missing)}, which is not loaded; known: ${formatAllowed([...byId.keys()])} (add --scenarios DIR)`,
    });
  }
  for (const call of source.listModelCalls()) target.putModelCall(call);
  const modelCalls = storeModelCalls({ store: target, cacheFrom: [source] });
  const replayed: TrialRecord[] = [];
  for (const stored of records) {
    if (options.abortSignal?.aborted) break;
    const transcript = source.getTranscript(stored.id);
    if (transcript === null) throw new UsageError({ message: `${source.directory}: trial ${stored.id} has no stored transcript` });
    const redone = redetectTrial({ scenario: byId.get(stored.scenario)!, record: stored, transcript, runId: options.runId });
    const record = options.judge
      ? await judgeRecord({
          judge: options.judge,
          record: redone.record,
          messages: transcript.messages,
          worldAfter: transcript.worldAfter,
          modelCalls,
          abortSignal: options.abortSignal,
        })
      : redone.record;
    target.putTrial({ record, transcript: redone.transcript });
    replayed.push(record);
    options.onProgress?.({ done: replayed.length, total: records.length, record });
  }
  return replayed;
}
