import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { RunStore, storeFileName } from '../run/index.ts';
import { UsageError } from '../util/index.ts';
import type { RunListEntry } from './api-types.ts';
import { CellTableCache } from './cell-table.ts';
import { dataVersion, queryRunCounts, type RunCounts } from './queries.ts';

/** The header `peerwatch run` writes into a store's meta table (fields the viewer reads). */
type RunHeader = {
  runId?: string;
  createdAt?: string;
  agents?: string[];
  scenarios?: Array<{ id: string } | string>;
  plannedTrials?: number;
};

/** One opened run: its store (read-only) and cached aggregates. */
export type CatalogRun = {
  id: string;
  store: RunStore;
  cellTable: CellTableCache;
  entry: () => RunListEntry;
};

const isRunFolder = (directory: string) => existsSync(path.join(directory, storeFileName));

/**
 * The run folders to show: each named folder that is a run folder, or, for a folder that holds run folders (such as
 * `./runs`), every run folder directly inside it. A name that is neither is a usage error.
 */
export function findRunFolders(options: { directories: string[] }): string[] {
  const found: string[] = [];
  for (const given of options.directories) {
    const directory = path.resolve(given);
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      throw new UsageError({ message: `${given}: no such folder; name a run folder (one holding ${storeFileName}) or a folder of run folders` });
    }
    if (isRunFolder(directory)) {
      found.push(directory);
      continue;
    }
    const children = readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && isRunFolder(path.join(directory, entry.name)))
      .map((entry) => path.join(directory, entry.name))
      .sort();
    if (children.length === 0) {
      throw new UsageError({ message: `${given}: not a run folder (no ${storeFileName}) and holds no run folders; create one with \`peerwatch run\`` });
    }
    found.push(...children);
  }
  return [...new Set(found)];
}

/**
 * A run's trial counts. A finished run's summary (written by `peerwatch run`) has them; it is used when it covers
 * every stored trial (a cheap count on an index), and otherwise the trials are counted by status (a table scan).
 */
function runCounts(store: RunStore): RunCounts {
  const summary = store.getMeta<Partial<RunCounts>>('summary');
  const stored = (store.database.prepare('SELECT count(*) AS trials FROM trials').get() as { trials: number }).trials;
  if (
    summary !== undefined &&
    summary.trials === stored &&
    typeof summary.completed === 'number' &&
    typeof summary.incomplete === 'number' &&
    typeof summary.errors === 'number'
  ) {
    return { trials: stored, completed: summary.completed, incomplete: summary.incomplete, errors: summary.errors };
  }
  return queryRunCounts(store.database);
}

/**
 * The runs a viewer serves, each store opened read-only. Ids are the run ids of the headers (folder names where a
 * header is missing), made unique with a suffix if two folders share one.
 */
export class RunCatalog {
  private readonly runs = new Map<string, CatalogRun>();

  private constructor() {}

  /**
   * Opens every run folder. With `onSkip`, a folder that cannot be opened (another store version, a damaged file) is
   * reported and left out, as long as one run opens; without it, or when none opens, the first failure is thrown.
   */
  static open(options: { directories: string[]; onSkip?: (directory: string, error: Error) => void }): RunCatalog {
    const catalog = new RunCatalog();
    const failures: Array<{ directory: string; error: Error }> = [];
    for (const directory of options.directories) {
      try {
        catalog.add(directory);
      } catch (error) {
        failures.push({ directory, error: error instanceof Error ? error : new Error(String(error)) });
        if (options.onSkip === undefined) break;
      }
    }
    if (failures.length > 0 && (options.onSkip === undefined || catalog.runs.size === 0)) {
      catalog.close();
      throw failures[0].error;
    }
    for (const failure of failures) options.onSkip?.(failure.directory, failure.error);
    return catalog;
  }

  private add(directory: string): void {
    const store = RunStore.open({ directory, readOnly: true });
    // Belt and braces: the connection refuses writes even if a bug tried one.
    store.database.exec('PRAGMA query_only = 1');
    const header = store.getMeta<RunHeader>('header') ?? {};
    const base = typeof header.runId === 'string' && header.runId !== '' ? header.runId : path.basename(directory);
    let id = base;
    for (let suffix = 2; this.runs.has(id); suffix += 1) id = `${base}-${suffix}`;
    let counts: { version: number; value: RunCounts } | null = null;
    const entry = (): RunListEntry => {
      const version = dataVersion(store.database);
      if (counts === null || counts.version !== version) counts = { version, value: runCounts(store) };
      const fresh = store.getMeta<RunHeader>('header') ?? header;
      return {
        id,
        directory,
        createdAt: fresh.createdAt ?? null,
        agents: Array.isArray(fresh.agents) ? fresh.agents.map(String) : [],
        scenarios: Array.isArray(fresh.scenarios) ? fresh.scenarios.map((scenario) => (typeof scenario === 'string' ? scenario : scenario.id)) : [],
        ...counts.value,
        plannedTrials: typeof fresh.plannedTrials === 'number' ? fresh.plannedTrials : null,
      };
    };
    this.runs.set(id, { id, store, cellTable: new CellTableCache(store.database), entry });
  }

  get(id: string): CatalogRun | undefined {
    return this.runs.get(id);
  }

  list(): CatalogRun[] {
    return [...this.runs.values()];
  }

  close(): void {
    for (const run of this.runs.values()) run.store.close();
    this.runs.clear();
  }
}
