import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PeerwatchError, UsageError } from '../util/index.ts';
import type { TrialRecord, TrialTranscript } from '../trial/index.ts';

/** Version of the store's tables; a run folder from another version is refused with a clear message. */
export const storeSchemaVersion = 1;

/** File name of a run's database inside its folder. */
export const storeFileName = 'peerwatch.sqlite';

/** A model call as recorded for replay and audit (keys are never part of it). */
export type ModelCallRecord = {
  id: string;
  trialId: string | null;
  step: number | null;
  /** Hash of model, messages, tools, settings and trial number: the cache key. */
  key: string;
  model: string;
  request: unknown;
  response: unknown;
  createdAt: string;
};

const schema = `
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS trials (
    id TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,
    cell_id TEXT NOT NULL,
    agent TEXT NOT NULL,
    trial INTEGER NOT NULL,
    status TEXT NOT NULL,
    record TEXT NOT NULL,
    completed_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS trials_cell ON trials (scenario, cell_id, agent);
  CREATE TABLE IF NOT EXISTS transcripts (trial_id TEXT PRIMARY KEY, transcript TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS model_calls (
    id TEXT PRIMARY KEY,
    trial_id TEXT,
    step INTEGER,
    key TEXT NOT NULL,
    model TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS model_calls_key ON model_calls (key);
`;

/**
 * One SQLite database per run folder (WAL): the run header, trial records, transcripts and model calls. The store has
 * a single writer; readers (report, viewer) open it read-only.
 */
export class RunStore {
  readonly directory: string;
  readonly database: DatabaseSync;
  readonly readOnly: boolean;

  private constructor(directory: string, database: DatabaseSync, readOnly: boolean) {
    this.directory = directory;
    this.database = database;
    this.readOnly = readOnly;
  }

  /** Creates a new run folder and its database. The folder must not hold a store yet. */
  static create(options: { directory: string }): RunStore {
    const directory = path.resolve(options.directory);
    const file = path.join(directory, storeFileName);
    if (existsSync(file)) throw new UsageError({ message: `${directory}: a run already exists here` });
    try {
      mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw new UsageError({ message: `${directory}: cannot create the run folder: ${(error as Error).message}` });
    }
    const database = new DatabaseSync(file);
    database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    database.exec(schema);
    const store = new RunStore(directory, database, false);
    store.setMeta('schemaVersion', storeSchemaVersion);
    return store;
  }

  /** Opens an existing run folder; checks the schema version. */
  static open(options: { directory: string; readOnly?: boolean }): RunStore {
    const directory = path.resolve(options.directory);
    const file = path.join(directory, storeFileName);
    if (!existsSync(file)) throw new UsageError({ message: `${directory}: not a peerwatch run folder (no ${storeFileName})` });
    const readOnly = options.readOnly ?? false;
    const database = new DatabaseSync(file, { readOnly });
    if (!readOnly) {
      database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      database.exec(schema);
    }
    const store = new RunStore(directory, database, readOnly);
    const version = store.getMeta<number>('schemaVersion');
    if (version !== storeSchemaVersion) {
      database.close();
      throw new UsageError({
        message: `${directory}: run folder has store version ${String(version)}; this peerwatch reads version ${storeSchemaVersion}`,
      });
    }
    return store;
  }

  setMeta(key: string, value: unknown): void {
    this.database.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  getMeta<T>(key: string): T | undefined {
    const row = this.database.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  /** Stores a finished trial and its transcript atomically (replacing an earlier attempt of the same trial). */
  putTrial(options: { record: TrialRecord; transcript: TrialTranscript }): void {
    const { record, transcript } = options;
    this.transaction(() => {
      this.database
        .prepare(
          `INSERT INTO trials (id, scenario, cell_id, agent, trial, status, record, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record, completed_at = excluded.completed_at`,
        )
        .run(record.id, record.scenario, record.cellId, record.agent, record.trial, record.status, JSON.stringify(record), new Date().toISOString());
      this.database
        .prepare('INSERT INTO transcripts (trial_id, transcript) VALUES (?, ?) ON CONFLICT (trial_id) DO UPDATE SET transcript = excluded.transcript')
        .run(record.id, JSON.stringify(transcript));
    });
  }

  /** Replaces a record (after re-judging or re-detecting), keeping its transcript. */
  updateRecord(record: TrialRecord): void {
    this.database.prepare('UPDATE trials SET status = ?, record = ? WHERE id = ?').run(record.status, JSON.stringify(record), record.id);
  }

  /** Every trial record, in a stable order (scenario, cell, agent, trial). */
  listTrials(filter: { scenario?: string; cellId?: string; agent?: string; status?: string } = {}): TrialRecord[] {
    const clauses: string[] = [];
    const values: string[] = [];
    for (const [column, value] of [['scenario', filter.scenario], ['cell_id', filter.cellId], ['agent', filter.agent], ['status', filter.status]] as const) {
      if (value !== undefined) {
        clauses.push(`${column} = ?`);
        values.push(value);
      }
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.database
      .prepare(`SELECT record FROM trials ${where} ORDER BY scenario, cell_id, agent, trial`)
      .all(...values) as Array<{ record: string }>;
    return rows.map((row) => JSON.parse(row.record) as TrialRecord);
  }

  /** Ids of the trials already stored, with their status. */
  trialStatuses(): Map<string, string> {
    const rows = this.database.prepare('SELECT id, status FROM trials').all() as Array<{ id: string; status: string }>;
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  getTrial(id: string): TrialRecord | null {
    const row = this.database.prepare('SELECT record FROM trials WHERE id = ?').get(id) as { record: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.record) as TrialRecord);
  }

  getTranscript(trialId: string): TrialTranscript | null {
    const row = this.database.prepare('SELECT transcript FROM transcripts WHERE trial_id = ?').get(trialId) as { transcript: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.transcript) as TrialTranscript);
  }

  putModelCall(call: ModelCallRecord): void {
    this.database
      .prepare('INSERT OR REPLACE INTO model_calls (id, trial_id, step, key, model, request, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(call.id, call.trialId, call.step, call.key, call.model, JSON.stringify(call.request), JSON.stringify(call.response), call.createdAt);
  }

  /** The most recent recorded model call with this cache key, if any. */
  findModelCall(key: string): ModelCallRecord | null {
    const row = this.database.prepare('SELECT * FROM model_calls WHERE key = ? ORDER BY created_at DESC LIMIT 1').get(key) as
      | { id: string; trial_id: string | null; step: number | null; key: string; model: string; request: string; response: string; created_at: string }
      | undefined;
    if (row === undefined) return null;
    return {
      id: row.id,
      trialId: row.trial_id,
      step: row.step,
      key: row.key,
      model: row.model,
      request: JSON.parse(row.request),
      response: JSON.parse(row.response),
      createdAt: row.created_at,
    };
  }

  listModelCalls(trialId?: string): ModelCallRecord[] {
    const rows = (
      trialId === undefined
        ? this.database.prepare('SELECT * FROM model_calls ORDER BY created_at').all()
        : this.database.prepare('SELECT * FROM model_calls WHERE trial_id = ? ORDER BY created_at').all(trialId)
    ) as Array<{ id: string; trial_id: string | null; step: number | null; key: string; model: string; request: string; response: string; created_at: string }>;
    return rows.map((row) => ({
      id: row.id,
      trialId: row.trial_id,
      step: row.step,
      key: row.key,
      model: row.model,
      request: JSON.parse(row.request),
      response: JSON.parse(row.response),
      createdAt: row.created_at,
    }));
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T {
    this.database.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.database.exec('COMMIT');
      return result;
    } catch (error) {
      this.database.exec('ROLLBACK');
      throw error;
    }
  }

  /** Writes `trials.jsonl` (one record a line) beside the database and returns its path. */
  exportJsonl(): string {
    const file = path.join(this.directory, 'trials.jsonl');
    const lines = this.listTrials().map((record) => JSON.stringify(record));
    writeFileSync(file, lines.length > 0 ? `${lines.join('\n')}\n` : '');
    return file;
  }

  close(): void {
    if (this.database.isOpen) this.database.close();
  }
}

/** Raised when a run folder cannot be used. */
export class RunFolderError extends PeerwatchError {
  constructor(message: string) {
    super({ name: 'RunFolderError', message, exitCode: 2 });
  }
}
