import type { ModelCallRecorder, TranscriptMessage } from '../agent/index.ts';
import type { Judgement, TrialJudge } from '../detect/index.ts';
import { trialNames, type Cell, type TrialNames } from '../scenario/index.ts';
import type { WorldState } from '../world/index.ts';
import type { TrialRecord } from './trial-record.ts';

/**
 * The detector values of a record before any judge touched it: judged fields carry their deterministic value in
 * their judgement, every other field is the detector's.
 */
export function deterministicDetections(record: Pick<TrialRecord, 'detections' | 'judgements'>): TrialRecord['detections'] {
  const detections = { ...record.detections };
  for (const [field, judgement] of Object.entries(record.judgements)) {
    const deterministic = (judgement as Partial<Judgement> | null)?.deterministic;
    if (deterministic !== undefined) detections[field] = deterministic;
  }
  return detections;
}

/**
 * Runs a judge over a trial and returns the record with judged detections and judgements (replacing earlier ones).
 * Trials that ended in error are left as they are: they will be run again, and judging them would waste calls.
 */
export async function judgeRecord(options: {
  judge: TrialJudge;
  record: TrialRecord;
  messages: readonly TranscriptMessage[];
  worldAfter: WorldState;
  names?: TrialNames;
  modelCalls?: ModelCallRecorder;
  abortSignal?: AbortSignal;
}): Promise<TrialRecord> {
  const { judge, record } = options;
  if (record.status === 'error') return record;
  const cell: Cell = record.cell;
  const result = await judge.judgeTrial({
    trialId: record.id,
    cell,
    names: options.names ?? trialNames({ family: record.family, cell }),
    messages: options.messages,
    worldAfter: options.worldAfter,
    detections: deterministicDetections(record),
    modelCalls: options.modelCalls,
    abortSignal: options.abortSignal,
  });
  return { ...record, detections: result.detections, judgements: result.judgements };
}
