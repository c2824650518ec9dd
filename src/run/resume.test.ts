import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { projectRoot, runCli } from '../testing/index.ts';
import type { TrialRecord } from '../trial/index.ts';
import { RunStore, storeFileName } from './store.ts';

// Every folder a test makes lives under one root, removed when the file's tests end.
const temporaryRoot = mkdtempSync(path.join(tmpdir(), 'peerwatch-resume-'));
after(() => rmSync(temporaryRoot, { recursive: true, force: true }));

// 8 cells of the tampering scenario × 250 trials of ref:mixed = 2,000 trials.
const bigRun = ['run', 'tampering', '--dataset', 'factual', '--relation', 'good,neutral', '--instantiation', 'file,memory', '--trials', '250', '--seed', '42'];
const smallRun = ['run', 'tampering', '--dataset', 'factual', '--relation', 'good', '--instantiation', 'file', '--trials', '5'];

type RunOutput = { runId: string; outDir: string; trials: TrialRecord[]; summary: unknown; stopped: string | null };

const temporary = () => mkdtempSync(path.join(temporaryRoot, 'run-'));

/** The run folder the CLI created under `out`, once it exists. */
function runFolder(out: string): string | null {
  if (!existsSync(out)) return null;
  const entry = readdirSync(out).find((name) => name.startsWith('run-'));
  return entry === undefined ? null : path.join(out, entry);
}

function storedTrials(directory: string): number {
  const file = path.join(directory, storeFileName);
  if (!existsSync(file)) return 0;
  try {
    const database = new DatabaseSync(file, { readOnly: true });
    try {
      return (database.prepare('SELECT count(*) AS count FROM trials').get() as { count: number }).count;
    } finally {
      database.close();
    }
  } catch {
    return 0; // the database is being created
  }
}

/** Starts the CLI, waits until the store holds `atLeast` trials, then sends `signal`; resolves with the exit status. */
function runUntil(options: { args: string[]; cwd: string; atLeast: number; signal: NodeJS.Signals }): Promise<{ status: number | null; signal: string | null; stderr: string; folder: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin/peerwatch.js'), ...options.args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    let folder: string | null = null;
    let sent = false;
    const poll = setInterval(() => {
      folder ??= runFolder(path.join(options.cwd, 'runs'));
      if (!sent && folder !== null && storedTrials(folder) >= options.atLeast) {
        sent = true;
        child.kill(options.signal);
      }
    }, 10);
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearInterval(poll);
      clearTimeout(guard);
      if (folder === null) reject(new Error(`no run folder was created; stderr: ${stderr}`));
      else resolve({ status, signal, stderr, folder });
    });
  });
}

describe('peerwatch run --resume', () => {
  it('completes a 2,000-trial run killed with kill -9 halfway: 2,000 distinct trials, the same summary as an uninterrupted run', async () => {
    const cwd = temporary();
    const killed = await runUntil({ args: [...bigRun, '--progress', 'none'], cwd, atLeast: 1000, signal: 'SIGKILL' });
    assert.equal(killed.signal, 'SIGKILL');
    const before = storedTrials(killed.folder);
    assert.ok(before >= 1000 && before < 2000, `${before} trials stored when killed`);

    const resumed = await runCli({ args: ['run', '--resume', killed.folder, '--json'], cwd });
    assert.equal(resumed.status, 0, resumed.stderr);
    const output = JSON.parse(resumed.stdout) as RunOutput;
    assert.equal(output.stopped, null);
    assert.equal(output.trials.length, 2000);
    assert.equal(new Set(output.trials.map((trial) => trial.id)).size, 2000);
    assert.ok(output.trials.every((trial) => trial.status === 'completed'));
    assert.equal(readFileSync(path.join(killed.folder, 'trials.jsonl'), 'utf8').trim().split('\n').length, 2000);

    const uninterrupted = await runCli({ args: [...bigRun, '--json'], cwd: temporary() });
    assert.equal(uninterrupted.status, 0, uninterrupted.stderr);
    assert.deepEqual(output.summary, (JSON.parse(uninterrupted.stdout) as RunOutput).summary);

    const store = RunStore.open({ directory: killed.folder, readOnly: true });
    assert.equal(store.getMeta<unknown[]>('sessions')?.length, 1);
    assert.deepEqual(store.getMeta<{ status: string }>('state')?.status, 'complete');
    store.close();
  });

  it('Ctrl-C stops starting trials, stores the running ones, exits 130 and tells how to resume', async () => {
    const cwd = temporary();
    const interrupted = await runUntil({ args: [...bigRun, '--progress', 'plain'], cwd, atLeast: 200, signal: 'SIGINT' });
    assert.equal(interrupted.status, 130, interrupted.stderr);
    assert.match(interrupted.stderr, /Stopping: no new trials start/);
    assert.match(interrupted.stderr, /Interrupted: \d+ trials are stored; finish with: peerwatch run --resume /);
    const stored = storedTrials(interrupted.folder);
    assert.ok(stored >= 200 && stored < 2000, `${stored} stored`);
    const store = RunStore.open({ directory: interrupted.folder, readOnly: true });
    assert.equal(store.getMeta<{ status: string }>('state')?.status, 'interrupted');
    store.close();
  });

  it('refuses options that would change the stored plan', async () => {
    const cwd = temporary();
    const first = await runCli({ args: [...smallRun, '--json'], cwd });
    assert.equal(first.status, 0, first.stderr);
    const { outDir } = JSON.parse(first.stdout) as RunOutput;
    const result = await runCli({ args: ['run', '--resume', outDir, '--agent', 'ref:compliant', '--trials', '9'], cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--resume continues the plan stored in .*; --agent, --trials cannot change it/);
    const again = await runCli({ args: ['run', '--resume', outDir, '--json'], cwd });
    assert.equal(again.status, 0, again.stderr);
    assert.equal((JSON.parse(again.stdout) as RunOutput).trials.length, 10);
  });

  it('refuses a run folder of another store version with exit 2 and leaves it untouched', async () => {
    const cwd = temporary();
    const first = await runCli({ args: [...smallRun, '--json'], cwd });
    const { outDir } = JSON.parse(first.stdout) as RunOutput;
    const database = new DatabaseSync(path.join(outDir, storeFileName));
    database.prepare("UPDATE meta SET value = '1' WHERE key = 'schemaVersion'").run();
    database.close();
    const bytes = readFileSync(path.join(outDir, storeFileName));
    const listing = readdirSync(outDir).sort();
    const result = await runCli({ args: ['run', '--resume', outDir], cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /run folder has store version 1; this peerwatch reads version 2/);
    assert.ok(readFileSync(path.join(outDir, storeFileName)).equals(bytes));
    assert.deepEqual(readdirSync(outDir).sort(), listing);
  });
});

describe('bad run configurations exit with status 2, one message, and write nothing', () => {
  const cwd = temporary();
  const file = path.join(cwd, 'a-file');
  writeFileSync(file, 'not a folder');
  const cases: Array<[string, string[], RegExp]> = [
    ['zero trials', [...smallRun, '--trials', '0'], /--trials <n>' argument '0' is invalid\. must be a whole number of at least 1/],
    ['negative trials', [...smallRun, '--trials', '-3'], /must be a whole number of at least 1/],
    ['an output path that is a file', [...smallRun, '--out', file], /--out .*a-file: output folder is not writable \(.*a-file is not a folder\)/],
    ['an output folder under a file', [...smallRun, '--out', path.join(file, 'runs')], /output folder is not writable \(.*a-file is not a folder\)/],
    ['--resume of a folder that is no run', ['run', '--resume', cwd], /not a peerwatch run folder/],
    ['--retry-errors without --resume', [...smallRun, '--retry-errors'], /--retry-errors .* use it with --resume RUN_DIR/],
    ['--until-ci-width without --max-trials', ['run', 'tampering', '--until-ci-width', '0.2'], /--until-ci-width needs --max-trials N/],
    ['--until-ci-width out of range', ['run', 'tampering', '--until-ci-width', '1.5', '--max-trials', '50'], /must be a number between 0 and 1/],
    ['--max-trials alone', ['run', 'tampering', '--max-trials', '50'], /add --until-ci-width W/],
    ['a negative budget', [...smallRun, '--max-cost', '-1'], /--max-cost <usd>' argument '-1' is invalid/],
    ['an unknown progress mode', [...smallRun, '--progress', 'fancy'], /"fancy" is not allowed; allowed: auto, tty, plain, json, none/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const before = readdirSync(cwd).sort();
      const result = await runCli({ args, cwd });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, pattern);
      assert.equal(result.stdout, '');
      assert.deepEqual(readdirSync(cwd).sort(), before);
    });
  }
});

describe('peerwatch run --dry-run', () => {
  it('prints the plan and writes nothing', async () => {
    const cwd = temporary();
    const result = await runCli({ args: ['run', 'tampering', 'exfiltration-transfer', '--trials', '20', '--dry-run'], cwd });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Plan: 1,520 trials to run/);
    assert.match(result.stdout, /tampering\s+57\s+1\s+20\s+1,140/);
    assert.match(result.stdout, /ref:mixed\s+ref\s+1,520\s+0\s+0\s+0\s+\$0\.00/);
    assert.match(result.stdout, /Dry run: nothing was written/);
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('--json gives the estimate as one object; with --resume it counts only what is left', async () => {
    const cwd = temporary();
    const dry = await runCli({ args: [...smallRun, '--dry-run', '--json'], cwd });
    assert.equal(dry.status, 0, dry.stderr);
    const estimate = JSON.parse(dry.stdout) as { dryRun: boolean; trials: number; totals: { costUsd: number } };
    assert.equal(estimate.dryRun, true);
    assert.equal(estimate.trials, 10);
    assert.equal(estimate.totals.costUsd, 0);
    const run = await runCli({ args: [...smallRun, '--json'], cwd });
    const { outDir } = JSON.parse(run.stdout) as RunOutput;
    const resumed = await runCli({ args: ['run', '--resume', outDir, '--dry-run', '--json'], cwd });
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.deepEqual(
      (({ trials, storedTrials }) => ({ trials, storedTrials }))(JSON.parse(resumed.stdout) as { trials: number; storedTrials: number }),
      { trials: 0, storedTrials: 10 },
    );
  });
});

describe('peerwatch run --until-ci-width', () => {
  it('records the stopping rule in the run header and stops narrow cells early', async () => {
    const cwd = temporary();
    const args = ['run', 'tampering', '--dataset', 'factual', '--relation', 'good', '--instantiation', 'file', '--agent', 'ref:compliant', '--agent', 'ref:mixed'];
    const result = await runCli({ args: [...args, '--until-ci-width', '0.2', '--max-trials', '40', '--json'], cwd });
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout) as RunOutput & { sequential: Array<{ agent: string; state: string; trials: number }> };
    assert.deepEqual(
      output.sequential.map((cell) => [cell.agent, cell.state, cell.trials]).sort(),
      [
        ['ref:compliant', 'stopped', 20],
        ['ref:compliant', 'stopped', 20],
        ['ref:mixed', 'exhausted', 40],
        ['ref:mixed', 'exhausted', 40],
      ],
    );
    assert.equal(output.trials.length, 120);
    const store = RunStore.open({ directory: output.outDir, readOnly: true });
    assert.deepEqual(store.getMeta<{ sequential: unknown }>('header')?.sequential, {
      rule: 'wilson-width',
      confidence: 0.95,
      maxWidth: 0.2,
      minTrials: 10,
      maxTrials: 40,
      roundSize: 10,
      fields: { tampering: 'tampering' },
    });
    store.close();
    const plain = await runCli({ args: [...args, '--until-ci-width', '0.2', '--max-trials', '40', '--dry-run'], cwd });
    assert.match(plain.stdout, /Plan: up to 160 trials to run/);
    assert.match(plain.stdout, /Sequential sampling: each cell runs in rounds of 10 and stops once the 95% Wilson interval/);
  });
});
