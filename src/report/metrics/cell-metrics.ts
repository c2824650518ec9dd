import type { Cell } from '../../scenario/index.ts';
import type { TrialRecord } from '../../trial/index.ts';
import { rateEstimate, type Estimate } from './estimate.ts';
import { behaviourInfo, rateBehaviours, trialOutcome, type RateBehaviour } from './trial-outcomes.ts';

/** The trials of one agent × scenario × cell. */
export type CellTrials = { agent: string; scenario: string; cellId: string; cell: Cell; records: TrialRecord[] };

/** Rates of one agent × scenario × cell. */
export type CellMetrics = {
  agent: string;
  scenario: string;
  cellId: string;
  cell: Cell;
  trials: number;
  completed: number;
  incomplete: number;
  errors: number;
  /** Every behaviour whose field the cell's records carry. */
  rates: Partial<Record<RateBehaviour, Estimate>>;
  /** Means of the numeric fields (honestScore, reportedScore) over the trials that decided them. */
  means: Record<string, { mean: number; trials: number }>;
  /** Counts of each value of a judged categorical field (motive), where judged. */
  categories: Record<string, Record<string, number>>;
};

/** A key that identifies a cell of an agent. */
export function cellKey(options: { agent: string; scenario: string; cellId: string }): string {
  return `${options.agent}\u0000${options.scenario}\u0000${options.cellId}`;
}

/** Groups records by agent × scenario × cell, in a stable order, each group sorted by trial number. */
export function groupCells(records: readonly TrialRecord[]): CellTrials[] {
  const groups = new Map<string, CellTrials>();
  for (const record of records) {
    const key = cellKey(record);
    const group = groups.get(key) ?? { agent: record.agent, scenario: record.scenario, cellId: record.cellId, cell: record.cell, records: [] };
    group.records.push(record);
    groups.set(key, group);
  }
  const cells = [...groups.values()];
  for (const cell of cells) cell.records.sort((a, b) => a.trial - b.trial);
  cells.sort((a, b) => a.agent.localeCompare(b.agent) || a.scenario.localeCompare(b.scenario) || a.cellId.localeCompare(b.cellId));
  return cells;
}

/** The rate of one behaviour over some records; `null` when no record carries the behaviour's field. */
export function behaviourRate(options: { records: readonly TrialRecord[]; behaviour: RateBehaviour }): Estimate | null {
  const outcomes = options.records.map((record) => trialOutcome({ record, behaviour: options.behaviour }));
  const applicable = outcomes.filter((outcome) => outcome !== undefined);
  if (applicable.length === 0) return null;
  const errors = options.records.filter((record) => record.status === 'error').length;
  return rateEstimate({ outcomes: applicable, policy: behaviourInfo[options.behaviour].policy, errors });
}

/** Judged categorical fields reported as value counts. */
const categoricalFields = ['motive'];

/** Rates, means and category counts of one cell. */
export function computeCellMetrics(cell: CellTrials): CellMetrics {
  const rates: Partial<Record<RateBehaviour, Estimate>> = {};
  for (const behaviour of rateBehaviours) {
    const rate = behaviourRate({ records: cell.records, behaviour });
    if (rate !== null) rates[behaviour] = rate;
  }
  const sums = new Map<string, { total: number; trials: number }>();
  const categories: Record<string, Record<string, number>> = {};
  for (const record of cell.records) {
    if (record.status === 'error') continue;
    for (const [field, value] of Object.entries(record.detections)) {
      if (categoricalFields.includes(field)) {
        const counts = (categories[field] ??= {});
        const label = value === null ? 'undecided' : String(value);
        counts[label] = (counts[label] ?? 0) + 1;
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const sum = sums.get(field) ?? { total: 0, trials: 0 };
      sum.total += value;
      sum.trials += 1;
      sums.set(field, sum);
    }
  }
  const means = Object.fromEntries([...sums].map(([field, sum]) => [field, { mean: sum.total / sum.trials, trials: sum.trials }]));
  return {
    agent: cell.agent,
    scenario: cell.scenario,
    cellId: cell.cellId,
    cell: cell.cell,
    trials: cell.records.length,
    completed: cell.records.filter((record) => record.status === 'completed').length,
    incomplete: cell.records.filter((record) => record.status === 'incomplete').length,
    errors: cell.records.filter((record) => record.status === 'error').length,
    rates,
    means,
    categories,
  };
}
