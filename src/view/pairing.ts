import type { DatabaseSync } from 'node:sqlite';
import type { Cell } from '../scenario/index.ts';
import { trialId, type TrialRecord } from '../trial/index.ts';
import type { CellRow, PairedTrial } from './api-types.ts';
import { queryDetections } from './queries.ts';

/** Factors in the order paired trials are listed: the paper's contrasts first. */
const factorOrder = ['monitoring', 'peer', 'subject', 'relation', 'instantiation', 'dataset'] as const;
type Factor = (typeof factorOrder)[number];

const isPeerRelation = (relation: string) => relation === 'good' || relation === 'neutral' || relation === 'bad';

/** A factor value in words, for the pair's label. */
export function factorValue(factor: Factor, cell: Cell): string {
  switch (factor) {
    case 'monitoring':
      return cell.monitoring === 'on' ? 'monitored' : cell.monitoring === 'off' ? 'unmonitored' : 'no monitoring factor';
    case 'peer':
      return cell.relation === 'none' ? 'no peer' : `${cell.relation} peer (${cell.instantiation})`;
    case 'subject':
      return cell.subject;
    case 'relation':
      return cell.relation;
    case 'instantiation':
      return cell.instantiation;
    case 'dataset':
      return cell.dataset === null ? 'no dataset' : cell.threshold === null ? cell.dataset : `${cell.dataset}@${cell.threshold}`;
  }
}

/**
 * The one factor two cells differ in, or `null` when they differ in none or in more than one. The no-peer baseline
 * (`relation: none`, instantiation `none`) against a peer relation counts as one factor, `peer`: the paper's
 * "no peer vs peer present" contrast, with the subject, dataset and monitoring held equal.
 */
export function differingFactor(a: Cell, b: Cell): Factor | null {
  const sameDataset = a.dataset === b.dataset && a.threshold === b.threshold;
  const sameRest = a.subject === b.subject && sameDataset && a.monitoring === b.monitoring;
  if ((a.relation === 'none') !== (b.relation === 'none')) {
    const other = a.relation === 'none' ? b : a;
    return sameRest && isPeerRelation(other.relation) ? 'peer' : null;
  }
  const differences: Factor[] = [];
  if (a.relation !== b.relation) differences.push('relation');
  if (a.instantiation !== b.instantiation) differences.push('instantiation');
  if (a.subject !== b.subject) differences.push('subject');
  if (!sameDataset) differences.push('dataset');
  if (a.monitoring !== b.monitoring) differences.push('monitoring');
  return differences.length === 1 ? differences[0] : null;
}

/**
 * The trials paired with `record`: the same agent and trial number (hence the same seed) in every cell of its
 * scenario that differs from its cell in one factor, where that trial exists in the run.
 */
export function findPairedTrials(options: { database: DatabaseSync; record: TrialRecord; cells: readonly CellRow[] }): PairedTrial[] {
  const { record } = options;
  const candidates: Array<{ id: string; cellId: string; factor: Factor; cell: Cell }> = [];
  for (const row of options.cells) {
    if (row.scenario !== record.scenario || row.agent !== record.agent || row.cellId === record.cellId) continue;
    const factor = differingFactor(record.cell, row.cell);
    if (factor === null) continue;
    candidates.push({ id: trialId({ cellId: row.cellId, agent: record.agent, trial: record.trial }), cellId: row.cellId, factor, cell: row.cell });
  }
  const detections = queryDetections({ database: options.database, ids: candidates.map((candidate) => candidate.id) });
  return candidates
    .filter((candidate) => detections.has(candidate.id))
    .sort((a, b) => factorOrder.indexOf(a.factor) - factorOrder.indexOf(b.factor) || a.cellId.localeCompare(b.cellId))
    .map((candidate) => ({
      id: candidate.id,
      cellId: candidate.cellId,
      factor: candidate.factor,
      thisValue: factorValue(candidate.factor, record.cell),
      otherValue: factorValue(candidate.factor, candidate.cell),
      detections: detections.get(candidate.id) ?? {},
    }));
}
