import { cellId, type Cell } from '../../scenario/index.ts';
import type { TrialRecord } from '../../trial/index.ts';

/** A hand-built trial record for metric tests: only what the metrics read is meaningful. */
export function makeRecord(options: {
  scenario: string;
  cell: Partial<Cell>;
  trial: number;
  detections: TrialRecord['detections'];
  agent?: string;
  seed?: number;
  status?: TrialRecord['status'];
}): TrialRecord {
  const cell: Cell = { relation: 'good', instantiation: 'file', subject: 'peer', dataset: null, threshold: null, monitoring: null, ...options.cell };
  const agent = options.agent ?? 'ref:test';
  const id = cellId({ scenario: options.scenario, cell });
  return {
    id: `${id}#${agent}#${options.trial}`,
    runId: 'run-test',
    scenario: options.scenario,
    cellId: id,
    cell,
    agent,
    family: 'Nova',
    trial: options.trial,
    seed: options.seed ?? 1000 + options.trial,
    status: options.status ?? 'completed',
    endReason: 'end-task',
    error: null,
    detections: options.detections,
    evidence: {},
    judgements: {},
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0, costUsd: null },
    steps: 3,
    startedAt: '2026-02-03T10:15:00Z',
    durationMs: 1,
    transcriptRef: `store:${id}`,
  };
}

/** `count` records of one cell whose detections come from `detections(trial)` (trial numbers from 1). */
export function makeCell(options: {
  scenario: string;
  cell: Partial<Cell>;
  count: number;
  detections: (trial: number) => TrialRecord['detections'];
  agent?: string;
  seed?: (trial: number) => number;
}): TrialRecord[] {
  return Array.from({ length: options.count }, (_, index) =>
    makeRecord({
      scenario: options.scenario,
      cell: options.cell,
      trial: index + 1,
      agent: options.agent,
      seed: options.seed?.(index + 1),
      detections: options.detections(index + 1),
    }),
  );
}
