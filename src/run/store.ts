import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { PeerwatchError, UsageError } from '../util/index.ts';
import type { TrialRecord, TrialTranscript } from '../trial/index.ts';
import { trialSpend } from './spend.ts';
import { BlobPacker, packTranscript, unpackValue } from './transcript-blobs.ts';
import type { ModelCall } from '../agent/index.ts';

/** A finished trial to store: its record and transcript. */
export type StoredTrial = { record: TrialRecord; transcript: TrialTranscript };

/**
 * Version of the store's tables; a run folder from another version is refused with a clear message.
 * 2: transcripts packed against a content-addressed `blobs` table; `cost_usd` per trial.
 */
export const storeSchemaVersion = 2;

/** File name of a run's database inside its folder. */
export const storeFileName = 'peerwatch.sqlite';

/** A model call as recorded for replay and audit (keys are never part of it); the agent piece defines its shape. */
export type ModelCallRecord = ModelCall;

type ModelCallRow = { id: string; trial_id: string | null; step: number | null; key: string; model: string; request: string; response: string; created_at: string };

function modelCallFromRow(row: ModelCallRow): ModelCallRecord {
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
    completed_at TEXT NOT NULL,
    cost_usd REAL
  );
  CREATE INDEX IF NOT EXISTS trials_cell ON trials (scenario, cell_id, agent);
  CREATE TABLE IF NOT EXISTS transcripts (trial_id TEXT PRIMARY KEY, transcript TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS blobs (hash TEXT PRIMARY KEY, value TEXT NOT NULL);
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
  private readonly statements = new Map<string, StatementSync>();
  private readonly packer = new BlobPacker();
  /** Blobs this connection has written or seen, so repeated documents skip the insert (bounded). */
  private readonly knownBlobs = new Set<string>();
  private readonly blobCache = new Map<string, string>();

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
    // The version is checked before anything is written, so a folder of another version is left as it was.
    let version: unknown;
    try {
      const row = database.prepare("SELECT value FROM meta WHERE key = 'schemaVersion'").get() as { value: string } | undefined;
      version = row === undefined ? undefined : JSON.parse(row.value);
    } catch {
      version = undefined;
    }
    if (version !== storeSchemaVersion) {
      database.close();
      throw new UsageError({
        message: `${directory}: run folder has store version ${String(version)}; this peerwatch reads version ${storeSchemaVersion} (run it with the peerwatch version that wrote it, or start a new run)`,
      });
    }
    if (!readOnly) {
      database.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
      database.exec(schema);
    }
    return new RunStore(directory, database, readOnly);
  }

  /** A prepared statement, prepared once per connection. */
  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  setMeta(key: string, value: unknown): void {
    this.statement('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }

  getMeta<T>(key: string): T | undefined {
    const row = this.statement('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  /**
   * Stores a finished trial and its transcript atomically (replacing an earlier attempt of the same trial). The
   * transcript is packed: its world snapshots and long texts go to the content-addressed `blobs` table once each.
   */
  putTrial(options: { record: TrialRecord; transcript: TrialTranscript }): void {
    this.putTrials([options]);
  }

  /** Stores several finished trials in one transaction (each as `putTrial` would): all of them or none. */
  putTrials(trials: ReadonlyArray<StoredTrial>): void {
    const rows = trials.map((trial) => {
      const packed = packTranscript(this.packer, trial.transcript);
      return { record: trial.record, recordText: JSON.stringify(trial.record), packedText: packed.text, blobs: packed.blobs };
    });
    const written: string[] = [];
    this.transaction(() => {
      const insertBlob = this.statement('INSERT OR IGNORE INTO blobs (hash, value) VALUES (?, ?)');
      const insertTrial = this.statement(
        `INSERT INTO trials (id, scenario, cell_id, agent, trial, status, record, completed_at, cost_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, record = excluded.record, completed_at = excluded.completed_at, cost_usd = excluded.cost_usd`,
      );
      const insertTranscript = this.statement(
        'INSERT INTO transcripts (trial_id, transcript) VALUES (?, ?) ON CONFLICT (trial_id) DO UPDATE SET transcript = excluded.transcript',
      );
      const completedAt = new Date().toISOString();
      for (const { record, recordText, packedText, blobs } of rows) {
        for (const [hash, value] of blobs) {
          if (this.knownBlobs.has(hash)) continue;
          insertBlob.run(hash, value);
          written.push(hash);
        }
        insertTrial.run(record.id, record.scenario, record.cellId, record.agent, record.trial, record.status, recordText, completedAt, trialSpend(record));
        insertTranscript.run(record.id, packedText);
      }
    });
    // Only committed blobs are remembered; the set is a shortcut, cleared when it grows.
    if (this.knownBlobs.size + written.length > 100_000) this.knownBlobs.clear();
    for (const hash of written) this.knownBlobs.add(hash);
  }

  /** Replaces a record (after re-judging or re-detecting), keeping its transcript. */
  updateRecord(record: TrialRecord): void {
    this.statement('UPDATE trials SET status = ?, record = ?, cost_usd = ? WHERE id = ?').run(record.status, JSON.stringify(record), trialSpend(record), record.id);
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
    const rows = this.statement('SELECT id, status FROM trials').all() as Array<{ id: string; status: string }>;
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  getTrial(id: string): TrialRecord | null {
    const row = this.statement('SELECT record FROM trials WHERE id = ?').get(id) as { record: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.record) as TrialRecord);
  }

  /** The full transcript of a trial (unpacked from its blobs), or `null` when the trial has none stored. */
  getTranscript(trialId: string): TrialTranscript | null {
    const row = this.statement('SELECT transcript FROM transcripts WHERE trial_id = ?').get(trialId) as { transcript: string } | undefined;
    if (row === undefined) return null;
    return unpackValue(JSON.parse(row.transcript), (hash) => this.readBlob(hash)) as TrialTranscript;
  }

  private readBlob(hash: string): string {
    const cached = this.blobCache.get(hash);
    if (cached !== undefined) return cached;
    const row = this.statement('SELECT value FROM blobs WHERE hash = ?').get(hash) as { value: string } | undefined;
    if (row === undefined) throw new RunFolderError(`${this.directory}: the store is damaged: blob ${hash} of a transcript is missing`);
    if (this.blobCache.size >= 256) this.blobCache.clear();
    this.blobCache.set(hash, row.value);
    return row.value;
  }

  /**
   * One row per stored trial without parsing whole records: status, spend (`null` when a price is unknown) and the
   * decided values. For resuming, budgets and sequential stopping over runs of any size.
   */
  listTrialOutcomes(): Array<{ id: string; scenario: string; cellId: string; agent: string; trial: number; status: string; costUsd: number | null; detections: Record<string, unknown> }> {
    const rows = this.statement(
      `SELECT id, scenario, cell_id, agent, trial, status, cost_usd, record -> '$.detections' AS detections FROM trials ORDER BY scenario, cell_id, agent, trial`,
    ).all() as Array<{ id: string; scenario: string; cell_id: string; agent: string; trial: number; status: string; cost_usd: number | null; detections: string | null }>;
    return rows.map((row) => ({
      id: row.id,
      scenario: row.scenario,
      cellId: row.cell_id,
      agent: row.agent,
      trial: row.trial,
      status: row.status,
      costUsd: row.cost_usd,
      detections: row.detections === null ? {} : (JSON.parse(row.detections) as Record<string, unknown>),
    }));
  }

  /** Total recorded spend of the stored trials in US dollars, and how many trials have an unknown cost. */
  spend(): { usd: number; unknown: number } {
    const row = this.statement('SELECT coalesce(sum(cost_usd), 0) AS usd, sum(cost_usd IS NULL) AS unknown FROM trials').get() as { usd: number; unknown: number | null };
    return { usd: row.usd, unknown: row.unknown ?? 0 };
  }

  /** Sizes in bytes of the database file's tables (for the benchmark and `peerwatch` diagnostics). */
  storageBytes(): { total: number; byTable: Record<string, number> } {
    const pageSize = (this.database.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    const pages = (this.database.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    const byTable: Record<string, number> = {};
    try {
      const rows = this.database.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all() as Array<{ name: string; bytes: number }>;
      for (const row of rows) byTable[row.name] = row.bytes;
    } catch {
      // dbstat is an optional SQLite module; the total is enough without it.
    }
    return { total: pageSize * pages, byTable };
  }

  putModelCall(call: ModelCallRecord): void {
    this.statement('INSERT OR REPLACE INTO model_calls (id, trial_id, step, key, model, request, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(call.id, call.trialId, call.step, call.key, call.model, JSON.stringify(call.request), JSON.stringify(call.response), call.createdAt);
  }

  /** The most recent recorded model call with this cache key, if any. */
  findModelCall(key: string): ModelCallRecord | null {
    const row = this.statement('SELECT * FROM model_calls WHERE key = ? ORDER BY created_at DESC LIMIT 1').get(key) as ModelCallRow | undefined;
    return row === undefined ? null : modelCallFromRow(row);
  }

  listModelCalls(trialId?: string): ModelCallRecord[] {
    const rows = (
      trialId === undefined
        ? this.database.prepare('SELECT * FROM model_calls ORDER BY created_at').all()
        : this.database.prepare('SELECT * FROM model_calls WHERE trial_id = ? ORDER BY created_at').all(trialId)
    ) as ModelCallRow[];
    return rows.map(modelCallFromRow);
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
    // Streamed in chunks through a temporary file, so a run of any size fits in memory and a crash mid-export
    // never leaves a truncated file under the final name.
    const partial = `${file}.partial`;
    const descriptor = openSync(partial, 'w');
    try {
      let chunk: string[] = [];
      for (const row of this.database.prepare('SELECT record FROM trials ORDER BY scenario, cell_id, agent, trial').iterate() as Iterable<{ record: string }>) {
        chunk.push(row.record);
        if (chunk.length >= 1000) {
          writeSync(descriptor, `${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
      if (chunk.length > 0) writeSync(descriptor, `${chunk.join('\n')}\n`);
    } finally {
      closeSync(descriptor);
    }
    renameSync(partial, file);
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
