import type { TrialJudge } from '../detect/index.ts';
import { judgeRecord, type TrialRecord } from '../trial/index.ts';
import { storeModelCalls } from './model-call-store.ts';
import type { RunStore } from './store.ts';

/**
 * Runs a judge again over every finished trial of a stored run and updates the records in place: the detectors'
 * values are kept, judged fields are decided anew, earlier judgements are replaced. Judge answers already recorded
 * for the same prompt are reused, so a second rejudge with the same judge makes no call. `concurrency` trials are
 * judged at once.
 */
export async function rejudgeRun(options: {
  store: RunStore;
  judge: TrialJudge;
  concurrency?: number;
  abortSignal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; record: TrialRecord }) => void;
}): Promise<TrialRecord[]> {
  const { store, judge } = options;
  const records = store.listTrials().filter((record) => record.status !== 'error');
  const modelCalls = storeModelCalls({ store });
  const judged: TrialRecord[] = [];
  let next = 0;
  const worker = async () => {
    while (next < records.length && !options.abortSignal?.aborted) {
      const stored = records[next];
      next += 1;
      const transcript = store.getTranscript(stored.id);
      if (transcript === null) continue;
      const record = await judgeRecord({
        judge,
        record: stored,
        messages: transcript.messages,
        worldAfter: transcript.worldAfter,
        modelCalls,
        abortSignal: options.abortSignal,
      });
      store.updateRecord(record);
      judged.push(record);
      options.onProgress?.({ done: judged.length, total: records.length, record });
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, records.length)) }, worker));
  return judged;
}
