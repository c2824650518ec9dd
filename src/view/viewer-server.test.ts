import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RunStore, storeFileName, summarizeTrials } from '../run/index.ts';
import { runCli } from '../testing/index.ts';
import type { CellsResponse, FieldStats, RunsResponse, TrialResponse, TrialsResponse } from './api-types.ts';
import { clientDirectory, loadClientAssets } from './client-assets.ts';
import { differingFactor } from './pairing.ts';
import { writeSyntheticRun } from './synthetic-run.ts';
import { startViewer, type Viewer } from './viewer-server.ts';
import { findRunFolders } from './run-catalog.ts';
import { UsageError } from '../util/index.ts';
import { wilsonInterval as statsWilsonInterval } from '../stats/index.ts';

const wilsonInterval = (options: { successes: number; trials: number }) => {
  const { lower, upper } = statsWilsonInterval(options);
  return { lower, upper };
};

/** A raw GET, so paths such as `/assets/../x` reach the server unnormalised and the Host header can be set. */
function get(viewer: Viewer, pathname: string, options: { host?: string; method?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: viewer.port, path: pathname, method: options.method ?? 'GET', headers: { Host: options.host ?? `127.0.0.1:${viewer.port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function getJson<T>(viewer: Viewer, pathname: string): Promise<T> {
  const response = await get(viewer, pathname);
  assert.equal(response.status, 200, `${pathname}: ${response.body}`);
  return JSON.parse(response.body) as T;
}

const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('viewer server over synthetic runs', () => {
  let root: string;
  let first: string;
  let viewer: Viewer;
  let hashBefore: string;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'peerwatch-view-'));
    first = path.join(root, 'runs', 'a');
    writeSyntheticRun({ directory: first, trials: 400, seed: 7 });
    // A second folder with the same run id: the viewer must keep both apart.
    writeSyntheticRun({ directory: path.join(root, 'runs', 'b'), trials: 40, seed: 8 });
    hashBefore = fileHash(path.join(first, storeFileName));
    viewer = await startViewer({ directories: [path.join(root, 'runs', 'a'), path.join(root, 'runs', 'b')] });
  });

  after(async () => {
    await viewer.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 on a free port and sends the security headers', async () => {
    assert.equal(viewer.host, '127.0.0.1');
    assert.match(viewer.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(viewer, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-security-policy'], "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'");
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /<script type="module" src="\/assets\/app.ts">/);
    const api = await get(viewer, '/api/runs');
    assert.equal(api.headers['x-content-type-options'], 'nosniff');
    assert.match(String(api.headers['content-type']), /^application\/json/);
  });

  test('refuses a foreign Host header (DNS rebinding) and anything but GET', async () => {
    assert.equal((await get(viewer, '/api/runs', { host: `evil.example:${viewer.port}` })).status, 421);
    assert.equal((await get(viewer, '/', { host: `127.0.0.1:${viewer.port + 1}` })).status, 421);
    assert.equal((await get(viewer, '/api/runs', { host: `localhost:${viewer.port}` })).status, 200);
    assert.equal((await get(viewer, '/api/runs', { method: 'POST' })).status, 405);
    assert.equal((await get(viewer, '/api/runs', { method: 'DELETE' })).status, 405);
  });

  test('serves no file outside its own assets', async () => {
    for (const pathname of [
      '/assets/../viewer-server.ts',
      '/assets/%2e%2e/viewer-server.ts',
      '/assets/..%2fviewer-server.ts',
      '/../../package.json',
      '/assets/viewer-server.test.ts',
      '/src/view/client/app.ts',
      '/assets/',
      '/index.html',
    ]) {
      const response = await get(viewer, pathname);
      assert.equal(response.status, 404, pathname);
      assert.doesNotMatch(response.body, /import|DatabaseSync/, pathname);
    }
    assert.equal((await get(viewer, '/assets/app.ts')).status, 200);
  });

  test('every module the browser imports is a served asset (type-only imports are erased)', () => {
    const assets = loadClientAssets();
    const modules = [...assets.keys()].filter((key) => key.endsWith('.ts'));
    assert.ok(modules.length >= 8);
    for (const key of modules) {
      const code = assets.get(key)!.body.toString();
      assert.doesNotMatch(code, /^\s*import\s+type\b/m, key);
      for (const match of code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g)) {
        const target = path.posix.join(path.posix.dirname(key), match[1]);
        assert.ok(assets.has(target), `${key} imports ${match[1]}, which is not served`);
      }
    }
  });

  test('the browser code never parses data as HTML', () => {
    for (const name of readdirSync(clientDirectory).filter((file) => file.endsWith('.ts'))) {
      const source = readFileSync(path.join(clientDirectory, name), 'utf8');
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|DOMParser|createContextualFragment/, name);
    }
  });

  test('lists the runs with unique ids and their counts', async () => {
    const { runs } = await getJson<RunsResponse>(viewer, '/api/runs');
    assert.deepEqual(runs.map((run) => run.id).sort(), ['run-synthetic', 'run-synthetic-2']);
    const run = runs.find((entry) => entry.directory === path.resolve(first))!;
    assert.equal(run.trials, 400);
    assert.equal(run.completed + run.incomplete + run.errors, 400);
    assert.deepEqual(run.scenarios, ['exfiltration-transfer', 'tampering', 'alignment-faking']);
    assert.equal(run.agents.length, 5);
  });

  test('the cell table agrees with summarizeTrials, with Wilson intervals', async () => {
    const data = await getJson<CellsResponse>(viewer, '/api/runs/run-synthetic/cells?limit=2000');
    const store = RunStore.open({ directory: first, readOnly: true });
    const summary = summarizeTrials(store.listTrials());
    store.close();
    assert.equal(data.total, summary.cells.length);
    for (const expected of summary.cells) {
      const row = data.cells.find((cell) => cell.cellId === expected.cellId && cell.agent === expected.agent);
      assert.ok(row, expected.cellId);
      assert.equal(row.trials, expected.trials);
      assert.equal(row.errors, expected.errors);
      for (const [field, count] of Object.entries(expected.fields)) {
        const stats: FieldStats = row.fields[field];
        assert.deepEqual([stats.true, stats.false, stats.undecided], [count.true, count.false, count.undecided], `${expected.cellId} ${field}`);
        assert.equal(stats.rate, count.rate);
        if (stats.interval !== null) assert.deepEqual(stats.interval, wilsonInterval({ successes: count.true, trials: count.true + count.false }));
      }
    }
    assert.ok(data.columns.indexOf('exfiltration') < data.columns.indexOf('read'), 'behaviours come before other fields');
    assert.ok(data.facets.behaviour.includes('exfiltration'));
  });

  test('filters cells by scenario, factor, model and behaviour', async () => {
    const all = await getJson<CellsResponse>(viewer, '/api/runs/run-synthetic/cells?limit=2000');
    const filtered = await getJson<CellsResponse>(
      viewer,
      '/api/runs/run-synthetic/cells?scenario=exfiltration-transfer&relation=good&agent=openai%3Agpt-5.2',
    );
    assert.ok(filtered.total > 0);
    for (const row of filtered.cells) {
      assert.equal(row.scenario, 'exfiltration-transfer');
      assert.equal(row.cell.relation, 'good');
      assert.equal(row.agent, 'openai:gpt-5.2');
    }
    const withExfiltration = await getJson<CellsResponse>(viewer, '/api/runs/run-synthetic/cells?behaviour=exfiltration&limit=2000');
    const expected = all.cells.filter((row) => (row.fields.exfiltration?.true ?? 0) > 0);
    assert.ok(expected.length > 0 && expected.length < all.total);
    assert.deepEqual(withExfiltration.cells.map((row) => row.cellId + row.agent), expected.map((row) => row.cellId + row.agent));
    const paged = await getJson<CellsResponse>(viewer, '/api/runs/run-synthetic/cells?offset=10&limit=5');
    assert.deepEqual(paged.cells.map((row) => row.cellId + row.agent), all.cells.slice(10, 15).map((row) => row.cellId + row.agent));
    assert.equal((await get(viewer, "/api/runs/run-synthetic/cells?behaviour=a'b")).status, 400);
  });

  test('pages a cell’s trials and lists the trials where a behaviour fired', async () => {
    const cell = 'exfiltration-transfer/good/file/self';
    const agent = 'ref:mixed';
    const page = await getJson<TrialsResponse>(viewer, `/api/runs/run-synthetic/trials?cell=${encodeURIComponent(cell)}&agent=${encodeURIComponent(agent)}&offset=1&limit=1`);
    assert.equal(page.total, 2);
    assert.equal(page.trials.length, 1);
    assert.equal(page.trials[0].trial, 2);
    assert.equal(page.trials[0].cellId, cell);
    const cells = await getJson<CellsResponse>(viewer, '/api/runs/run-synthetic/cells');
    const flagged = await getJson<TrialsResponse>(viewer, '/api/runs/run-synthetic/trials?behaviour=exfiltration&limit=500');
    assert.equal(flagged.total, cells.flaggedTrials.exfiltration);
    assert.ok(flagged.trials.length > 0);
    for (const trial of flagged.trials) assert.equal(trial.detections.exfiltration, true);
  });

  test('opens a trial with its transcript and its paired trials', async () => {
    const flagged = await getJson<TrialsResponse>(viewer, '/api/runs/run-synthetic/trials?behaviour=exfiltration&limit=1');
    const id = flagged.trials[0].id;
    const trial = await getJson<TrialResponse>(viewer, `/api/runs/run-synthetic/trials/${encodeURIComponent(id)}`);
    assert.equal(trial.record.id, id);
    assert.ok(trial.transcript !== null && trial.transcript.messages.length > 2);
    assert.ok(trial.transcript.changes.some((change) => change.kind === 'server-file-moved' && change.to.ip === '10.0.12.46'));
    assert.ok(trial.pairs.length > 0);
    for (const pair of trial.pairs) {
      const other = await getJson<TrialResponse>(viewer, `/api/runs/run-synthetic/trials/${encodeURIComponent(pair.id)}?transcript=0`);
      assert.equal(other.transcript, null);
      assert.equal(other.record.trial, trial.record.trial);
      assert.equal(other.record.agent, trial.record.agent);
      assert.equal(differingFactor(trial.record.cell, other.record.cell), pair.factor);
    }
    assert.equal((await get(viewer, `/api/runs/run-synthetic/trials/${encodeURIComponent('no/such#trial#1')}`)).status, 404);
    assert.equal((await get(viewer, '/api/runs/no-such-run/cells')).status, 404);
  });

  test('never writes to the run', async () => {
    await getJson(viewer, '/api/runs/run-synthetic/cells');
    assert.equal(fileHash(path.join(first, storeFileName)), hashBefore);
    const run = viewer.catalog.get('run-synthetic')!;
    assert.throws(() => run.store.database.exec("INSERT INTO meta (key, value) VALUES ('x', '1')"), /readonly|read-only|query_only|attempt to write/i);
  });
});

describe('differingFactor', () => {
  const cell = { relation: 'good', instantiation: 'file', subject: 'self', dataset: null, threshold: null, monitoring: null } as const;
  test('pairs cells that differ in one factor, and no peer with a peer relation', () => {
    assert.equal(differingFactor(cell, { ...cell, relation: 'bad' }), 'relation');
    assert.equal(differingFactor(cell, { ...cell, subject: 'peer' }), 'subject');
    assert.equal(differingFactor({ ...cell, monitoring: 'on' }, { ...cell, monitoring: 'off' }), 'monitoring');
    assert.equal(differingFactor(cell, { ...cell, relation: 'none', instantiation: 'none' }), 'peer');
    assert.equal(differingFactor({ ...cell, relation: 'control', instantiation: 'none' }, { ...cell, relation: 'none', instantiation: 'none' }), null);
    assert.equal(differingFactor(cell, { ...cell, relation: 'bad', subject: 'peer' }), null);
    assert.equal(differingFactor(cell, { ...cell, subject: 'peer', relation: 'none', instantiation: 'none' }), null);
    assert.equal(differingFactor(cell, cell), null);
  });
});

describe('wilsonInterval', () => {
  test('matches known values', () => {
    const { lower, upper } = wilsonInterval({ successes: 1, trials: 3 });
    assert.ok(Math.abs(lower - 0.0615) < 5e-4 && Math.abs(upper - 0.7923) < 5e-4);
    const zero = wilsonInterval({ successes: 0, trials: 52 });
    assert.equal(zero.lower, 0);
    assert.ok(Math.abs(zero.upper - 0.0688) < 5e-4);
  });
});

describe('run folders', () => {
  test('a run folder, or a folder of run folders; anything else is a usage error', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'peerwatch-view-folders-'));
    try {
      writeSyntheticRun({ directory: path.join(root, 'runs', 'one'), trials: 1 });
      writeSyntheticRun({ directory: path.join(root, 'runs', 'two'), trials: 1 });
      assert.deepEqual(findRunFolders({ directories: [path.join(root, 'runs')] }), [path.join(root, 'runs', 'one'), path.join(root, 'runs', 'two')]);
      assert.deepEqual(findRunFolders({ directories: [path.join(root, 'runs', 'two')] }), [path.join(root, 'runs', 'two')]);
      assert.throws(() => findRunFolders({ directories: [path.join(root, 'nope')] }), (error: unknown) => UsageError.isInstance(error) && /no such folder/.test((error as Error).message));
      assert.throws(() => findRunFolders({ directories: [root] }), (error: unknown) => UsageError.isInstance(error) && /holds no run folders/.test((error as Error).message));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('`peerwatch view` with no ./runs exits with status 2 and one message', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'peerwatch-view-empty-'));
    try {
      const result = await runCli({ args: ['view'], cwd: empty });
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^peerwatch: runs: no such folder/);
      assert.equal(result.stdout, '');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
