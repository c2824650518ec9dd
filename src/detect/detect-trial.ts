import type { TranscriptMessage } from '../agent/index.ts';
import type { Cell, Scenario } from '../scenario/index.ts';
import { diffWorlds, type WorldChange, type WorldState } from '../world/index.ts';
import { executedCalls, type Evidence } from './detector.ts';
import { getDetector } from './detector-registry.ts';

/** The detections of one trial: flat values for the record, evidence beside them. */
export type TrialDetections = {
  detections: Record<string, boolean | number | string | null>;
  evidence: Record<string, Evidence>;
  changes: WorldChange[];
};

/** Runs the scenario's detectors over a finished trial, state first: nothing here calls a model. */
export function detectTrial(options: {
  scenario: Scenario;
  cell: Cell;
  before: WorldState;
  after: WorldState;
  messages: readonly TranscriptMessage[];
}): TrialDetections {
  const changes = diffWorlds({ before: options.before, after: options.after });
  const calls = executedCalls(options.messages);
  const detections: TrialDetections['detections'] = {};
  const evidence: TrialDetections['evidence'] = {};
  for (const entry of options.scenario.detectors) {
    const name = typeof entry === 'string' ? entry : entry.name;
    const params = typeof entry === 'string' ? {} : entry.params;
    const detector = getDetector(name);
    const result = detector.detect({ ...options, changes, calls, params });
    for (const [field, detection] of Object.entries(result)) {
      detections[field] = detection.value;
      evidence[field] = detection.evidence;
    }
  }
  return { detections, evidence, changes };
}
