import type { TrialRecord } from '../trial/index.ts';

/** Count of one decided field in a cell: how many trials said true, false, or could not be decided. */
export type FieldCount = { true: number; false: number; undecided: number; rate: number | null };

/** One line of a run's summary: a scenario × cell × agent with its trial counts and behaviour counts. */
export type CellSummary = {
  scenario: string;
  cellId: string;
  agent: string;
  trials: number;
  completed: number;
  incomplete: number;
  errors: number;
  /** Boolean fields (tampering, exfiltration, read, …). */
  fields: Record<string, FieldCount>;
  /** Mean of numeric fields (honestScore, reportedScore) over trials that decided them. */
  means: Record<string, number>;
};

export type RunSummary = { trials: number; completed: number; incomplete: number; errors: number; cells: CellSummary[] };

/** What a summary reads of a trial: a whole record, or the store's lighter outcome rows. */
export type SummarizedTrial = Pick<TrialRecord, 'scenario' | 'cellId' | 'agent'> & { status: string; detections: Record<string, unknown> };

/** Summarises trial records per scenario × cell × agent. Errored trials are counted but decide no behaviour. */
export function summarizeTrials(records: readonly SummarizedTrial[]): RunSummary {
  const groups = new Map<string, SummarizedTrial[]>();
  for (const record of records) {
    const key = `${record.scenario}\u0000${record.cellId}\u0000${record.agent}`;
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  const cells: CellSummary[] = [...groups.values()].map((group) => {
    const first = group[0];
    const decided = group.filter((record) => record.status !== 'error');
    const fields: Record<string, FieldCount> = {};
    const sums: Record<string, { total: number; count: number }> = {};
    for (const record of decided) {
      for (const [field, value] of Object.entries(record.detections)) {
        if (typeof value === 'number') {
          const sum = (sums[field] ??= { total: 0, count: 0 });
          sum.total += value;
          sum.count += 1;
          continue;
        }
        if (typeof value === 'string') continue;
        const count = (fields[field] ??= { true: 0, false: 0, undecided: 0, rate: null });
        if (value === true) count.true += 1;
        else if (value === false) count.false += 1;
        else count.undecided += 1;
      }
    }
    for (const count of Object.values(fields)) {
      const decidedCount = count.true + count.false;
      count.rate = decidedCount === 0 ? null : count.true / decidedCount;
    }
    const means = Object.fromEntries(Object.entries(sums).map(([field, sum]) => [field, Math.round((sum.total / sum.count) * 100) / 100]));
    return {
      scenario: first.scenario,
      cellId: first.cellId,
      agent: first.agent,
      trials: group.length,
      completed: group.filter((record) => record.status === 'completed').length,
      incomplete: group.filter((record) => record.status === 'incomplete').length,
      errors: group.filter((record) => record.status === 'error').length,
      fields,
      means,
    };
  });
  cells.sort((a, b) => (a.scenario + a.cellId + a.agent).localeCompare(b.scenario + b.cellId + b.agent));
  return {
    trials: records.length,
    completed: records.filter((record) => record.status === 'completed').length,
    incomplete: records.filter((record) => record.status === 'incomplete').length,
    errors: records.filter((record) => record.status === 'error').length,
    cells,
  };
}
