import { detectTrial } from '../detect/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { TrialTranscript } from './run-trial.ts';
import type { TrialRecord } from './trial-record.ts';

/**
 * Decides a stored trial again from its transcript, with no agent: the scenario's current detectors over the stored
 * world before and after and the stored messages. Judgements are cleared (a judge may run afterwards); everything
 * else the trial recorded (status, usage, timings) is kept, under the new run's id.
 */
export function redetectTrial(options: { scenario: Scenario; record: TrialRecord; transcript: TrialTranscript; runId: string }): {
  record: TrialRecord;
  transcript: TrialTranscript;
} {
  const { scenario, record, transcript } = options;
  const detection = detectTrial({
    scenario,
    cell: record.cell,
    before: transcript.worldBefore,
    after: transcript.worldAfter,
    messages: transcript.messages,
  });
  return {
    record: { ...record, runId: options.runId, detections: detection.detections, evidence: detection.evidence, judgements: {} },
    transcript: { ...transcript, changes: detection.changes },
  };
}
