import type { DatabaseSync } from 'node:sqlite';
import type { Cell } from '../scenario/index.ts';
import type { TrialRow } from './api-types.ts';

// Read-only SQL over a run store's tables (see src/run/store.ts). Nothing here writes: the viewer opens stores
// read-only, and these queries are plain SELECTs.

/** Trial counts of a whole run. */
export type RunCounts = { trials: number; completed: number; incomplete: number; errors: number };

export function queryRunCounts(database: DatabaseSync): RunCounts {
  const row = database
    .prepare(
      `SELECT count(*) AS trials,
              coalesce(sum(status = 'completed'), 0) AS completed,
              coalesce(sum(status = 'incomplete'), 0) AS incomplete,
              coalesce(sum(status = 'error'), 0) AS errors
         FROM trials`,
    )
    .get() as RunCounts;
  return { trials: row.trials, completed: row.completed, incomplete: row.incomplete, errors: row.errors };
}

/** One scenario × cell × agent group with its status counts. */
export type CellGroupRow = {
  scenario: string;
  cellId: string;
  agent: string;
  cell: Cell;
  trials: number;
  completed: number;
  incomplete: number;
  errors: number;
};

/**
 * The cell table's groups: one GROUP BY over the trials table giving each scenario × cell × agent its status counts
 * and its cell (read from one record of the group).
 */
export function queryCellGroups(database: DatabaseSync): CellGroupRow[] {
  const rows = database
    .prepare(
      `SELECT scenario, cell_id AS cellId, agent,
              json_extract(record, '$.cell') AS cell,
              count(*) AS trials,
              sum(status = 'completed') AS completed,
              sum(status = 'incomplete') AS incomplete,
              sum(status = 'error') AS errors
         FROM trials
        GROUP BY scenario, cell_id, agent
        ORDER BY scenario, cell_id, agent`,
    )
    .all() as Array<Omit<CellGroupRow, 'cell'> & { cell: string }>;
  return rows.map((row) => ({ ...row, cell: JSON.parse(row.cell) as Cell }));
}

/** The detections of one trial that did not end in error, as stored (JSON text). */
export type DetectionRow = { scenario: string; cellId: string; agent: string; detections: string | null };

/**
 * The detections of every trial that did not end in error (errored trials decide no behaviour, as in
 * `summarizeTrials`). Only the `detections` object leaves SQLite: counting its values in JavaScript measured about
 * twice as fast as a json_each GROUP BY on 20,000 trials.
 */
export function queryDetectionRows(database: DatabaseSync): Iterable<DetectionRow> {
  return database
    .prepare(`SELECT scenario, cell_id AS cellId, agent, record -> '$.detections' AS detections FROM trials WHERE status <> 'error'`)
    .iterate() as Iterable<DetectionRow>;
}

/** Filters of a trial list. `behaviour` keeps trials where that detection field is true. */
export type TrialListFilter = {
  scenario?: string;
  cellId?: string;
  agent?: string;
  status?: string;
  behaviour?: string;
};

/** A detection field name as it may appear in a JSON path (the record's own field names are identifiers). */
const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether a string is usable as a detection field name in queries. */
export function isFieldName(value: string): boolean {
  return fieldPattern.test(value);
}

function trialWhere(filter: TrialListFilter): { where: string; values: Array<string | number> } {
  const clauses: string[] = [];
  const values: Array<string | number> = [];
  const columns: Array<[string, string | undefined]> = [
    ['scenario', filter.scenario],
    ['cell_id', filter.cellId],
    ['agent', filter.agent],
    ['status', filter.status],
  ];
  for (const [column, value] of columns) {
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    values.push(value);
  }
  if (filter.behaviour !== undefined) {
    if (!isFieldName(filter.behaviour)) throw new Error(`not a detection field name: ${filter.behaviour}`);
    // json_type tells JSON true from the number 1; the path is a bound value, never spliced into the SQL.
    clauses.push(`status <> 'error' AND json_type(record, ?) = 'true'`);
    values.push(`$.detections.${filter.behaviour}`);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', values };
}

/** One page of trials, in the store's stable order (scenario, cell, agent, trial number), and the total. */
export function queryTrialPage(options: {
  database: DatabaseSync;
  filter: TrialListFilter;
  offset: number;
  limit: number;
}): { total: number; trials: TrialRow[] } {
  const { database, filter } = options;
  const { where, values } = trialWhere(filter);
  const total = (database.prepare(`SELECT count(*) AS total FROM trials ${where}`).get(...values) as { total: number }).total;
  const rows = database
    .prepare(
      `SELECT id, scenario, cell_id AS cellId, agent, trial, status,
              json_extract(record, '$.endReason') AS endReason,
              json_extract(record, '$.steps') AS steps,
              json_extract(record, '$.durationMs') AS durationMs,
              json_extract(record, '$.detections') AS detections
         FROM trials ${where}
        ORDER BY scenario, cell_id, agent, trial
        LIMIT ? OFFSET ?`,
    )
    .all(...values, options.limit, options.offset) as Array<Omit<TrialRow, 'detections'> & { detections: string | null }>;
  return {
    total,
    trials: rows.map((row) => ({ ...row, detections: row.detections === null ? {} : (JSON.parse(row.detections) as TrialRow['detections']) })),
  };
}

/** The detections of the given trials that exist, by id (for paired trials). */
export function queryDetections(options: { database: DatabaseSync; ids: string[] }): Map<string, TrialRow['detections']> {
  if (options.ids.length === 0) return new Map();
  const placeholders = options.ids.map(() => '?').join(', ');
  const rows = options.database
    .prepare(`SELECT id, json_extract(record, '$.detections') AS detections FROM trials WHERE id IN (${placeholders})`)
    .all(...options.ids) as Array<{ id: string; detections: string | null }>;
  return new Map(rows.map((row) => [row.id, row.detections === null ? {} : (JSON.parse(row.detections) as TrialRow['detections'])]));
}

/**
 * A number that changes whenever another connection commits to the database (SQLite's `PRAGMA data_version`), so
 * cached aggregates of a run still being written are recomputed, and those of a finished run never are.
 */
export function dataVersion(database: DatabaseSync): number {
  const row = database.prepare('PRAGMA data_version').get() as { data_version: number };
  return row.data_version;
}
