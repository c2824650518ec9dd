import type { DatabaseSync } from 'node:sqlite';
import type { CellFilters, CellRow, Facets, FieldStats } from './api-types.ts';
import { dataVersion, queryCellGroups, queryDetectionRows } from './queries.ts';
import { orderFields } from './client/fields.ts';
import { wilsonInterval } from '../stats/index.ts';

/** The aggregated cell table of one run. */
export type CellTable = {
  cells: CellRow[];
  facets: Facets;
  columns: string[];
  numericColumns: string[];
  flaggedTrials: Record<string, number>;
};

const distinct = (values: Array<string | null>): string[] =>
  [...new Set(values.filter((value): value is string => value !== null))].sort((a, b) => a.localeCompare(b));

type Counts = { yes: number; no: number; undecided: number; numericTotal: number; numericCount: number };

/** Builds the cell table from the store: counts, rates and 95% Wilson intervals per boolean field, means of numbers. */
export function buildCellTable(database: DatabaseSync): CellTable {
  const groups = queryCellGroups(database);
  const keyOf = (row: { scenario: string; cellId: string; agent: string }) => `${row.scenario}\u0000${row.cellId}\u0000${row.agent}`;
  const counts = new Map<string, Map<string, Counts>>(groups.map((group) => [keyOf(group), new Map()]));
  for (const row of queryDetectionRows(database)) {
    const group = counts.get(keyOf(row));
    if (group === undefined || row.detections === null) continue;
    for (const [field, value] of Object.entries(JSON.parse(row.detections) as Record<string, unknown>)) {
      let count = group.get(field);
      if (count === undefined) {
        count = { yes: 0, no: 0, undecided: 0, numericTotal: 0, numericCount: 0 };
        group.set(field, count);
      }
      if (value === true) count.yes += 1;
      else if (value === false) count.no += 1;
      else if (value === null) count.undecided += 1;
      else if (typeof value === 'number') {
        count.numericTotal += value;
        count.numericCount += 1;
      }
    }
  }
  // A field is boolean when some trial of the run decided it true or false; then cells where it was only ever
  // undecided still show it (as undecided), rather than dropping it.
  const booleanFields = new Set<string>();
  const numericFields = new Set<string>();
  const flaggedTrials: Record<string, number> = {};
  for (const group of counts.values()) {
    for (const [field, count] of group) {
      if (count.yes + count.no > 0) booleanFields.add(field);
      if (count.numericCount > 0) numericFields.add(field);
      if (count.yes > 0) flaggedTrials[field] = (flaggedTrials[field] ?? 0) + count.yes;
    }
  }
  const cells: CellRow[] = groups.map((group) => {
    const row: CellRow = { ...group, fields: {}, means: {} };
    for (const [field, count] of counts.get(keyOf(group)) ?? []) {
      if (count.numericCount > 0) row.means[field] = { mean: count.numericTotal / count.numericCount, count: count.numericCount };
      if (!booleanFields.has(field)) continue;
      const decided = count.yes + count.no;
      const stats: FieldStats = {
        true: count.yes,
        false: count.no,
        undecided: count.undecided,
        rate: decided === 0 ? null : count.yes / decided,
        interval: decided === 0 ? null : intervalOf(wilsonInterval({ successes: count.yes, trials: decided })),
      };
      row.fields[field] = stats;
    }
    return row;
  });
  cells.sort(compareCells);
  const columns = orderFields(booleanFields);
  const facets: Facets = {
    scenario: distinct(cells.map((cell) => cell.scenario)),
    relation: distinct(cells.map((cell) => cell.cell.relation)),
    instantiation: distinct(cells.map((cell) => cell.cell.instantiation)),
    subject: distinct(cells.map((cell) => cell.cell.subject)),
    dataset: distinct(cells.map((cell) => datasetLabel(cell))),
    monitoring: distinct(cells.map((cell) => cell.cell.monitoring)),
    agent: distinct(cells.map((cell) => cell.agent)),
    behaviour: columns,
  };
  return { cells, facets, columns, numericColumns: [...numericFields].sort(), flaggedTrials };
}

const factorRanks: Record<string, readonly string[]> = {
  relation: ['good', 'neutral', 'bad', 'none', 'control'],
  instantiation: ['file', 'file+prompt', 'memory', 'none'],
  subject: ['self', 'peer', 'closed-weight-peer', 'open-weight-peer', 'fiction-peer'],
  monitoring: ['on', 'off'],
};

function rank(factor: string, value: string | null): number {
  const order = factorRanks[factor];
  const index = value === null ? -1 : order.indexOf(value);
  return index === -1 ? order.length : index;
}

/** The paper's order: scenario, then relation (good → control), instantiation, subject, dataset, monitoring, agent. */
export function compareCells(a: CellRow, b: CellRow): number {
  return (
    a.scenario.localeCompare(b.scenario) ||
    rank('relation', a.cell.relation) - rank('relation', b.cell.relation) ||
    rank('instantiation', a.cell.instantiation) - rank('instantiation', b.cell.instantiation) ||
    rank('subject', a.cell.subject) - rank('subject', b.cell.subject) ||
    (datasetLabel(a) ?? '').localeCompare(datasetLabel(b) ?? '') ||
    rank('monitoring', a.cell.monitoring) - rank('monitoring', b.cell.monitoring) ||
    a.agent.localeCompare(b.agent)
  );
}

/** `factual@80`, `factual` or `null`: the dataset factor as one value. */
export function datasetLabel(row: Pick<CellRow, 'cell'>): string | null {
  const { dataset, threshold } = row.cell;
  if (dataset === null) return null;
  return threshold === null ? dataset : `${dataset}@${threshold}`;
}

/** The cells that match every filter given. */
export function filterCells(options: { cells: readonly CellRow[]; filters: CellFilters }): CellRow[] {
  const { filters } = options;
  return options.cells.filter(
    (row) =>
      (filters.scenario === undefined || row.scenario === filters.scenario) &&
      (filters.relation === undefined || row.cell.relation === filters.relation) &&
      (filters.instantiation === undefined || row.cell.instantiation === filters.instantiation) &&
      (filters.subject === undefined || row.cell.subject === filters.subject) &&
      (filters.dataset === undefined || datasetLabel(row) === filters.dataset) &&
      (filters.monitoring === undefined || row.cell.monitoring === filters.monitoring) &&
      (filters.agent === undefined || row.agent === filters.agent) &&
      (filters.behaviour === undefined || (row.fields[filters.behaviour]?.true ?? 0) > 0),
  );
}

/**
 * The cell table of a store, computed once and kept until the database changes (a run still being written), so a
 * large run's page loads from memory after the first visit. Stores are opened read-only: no index can be added, so
 * caching is what keeps it fast.
 */
export class CellTableCache {
  private cached: { version: number; table: CellTable } | null = null;
  private readonly database: DatabaseSync;

  constructor(database: DatabaseSync) {
    this.database = database;
  }

  get(): CellTable {
    const version = dataVersion(this.database);
    if (this.cached === null || this.cached.version !== version) this.cached = { version, table: buildCellTable(this.database) };
    return this.cached.table;
  }
}

/** The interval as the API sends it (bounds only). */
function intervalOf(interval: { lower: number; upper: number }): { lower: number; upper: number } {
  return { lower: interval.lower, upper: interval.upper };
}
