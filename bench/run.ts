// `npm run bench`: throughput of the run machinery, each number measured within this one run and compared with its
// target. Run it on an otherwise idle machine: other load on the cores shows up in every wall-clock number.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createReferenceAgent, type Agent } from '../src/agent/index.ts';
import { createModelAgent } from '../src/agent/model/index.ts';
import { peerwatchConfigSchema } from '../src/config/index.ts';
import {
  buildPlan,
  executePlan,
  loadSequentialStats,
  referenceProfile,
  RunStore,
  sequentialRule,
  storeFileName,
  storeModelCalls,
  summarizeTrials,
  type Plan,
} from '../src/run/index.ts';
import { loadSuite } from '../src/cli/suite.ts';
import type { Scenario } from '../src/scenario/index.ts';
import type { RateLimit } from './rate-limited-server.ts';

type Row = { name: string; target: string; measured: string; ratio: number | null; pass: boolean | null; note?: string };
const rows: Row[] = [];
const temporary: string[] = [];

function scratch(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'peerwatch-bench-'));
  temporary.push(directory);
  return directory;
}

const suite = loadSuite({});
const tampering = suite.find((scenario) => scenario.id === 'tampering') as Scenario;

async function runReference(options: { trialsPerCell: number; workers: number }): Promise<{ trials: number; seconds: number; cpuSeconds: number; store: RunStore }> {
  const agent = createReferenceAgent('mixed');
  const plan = buildPlan({ scenarios: [tampering], agents: [agent.spec], filter: {}, trialsPerCell: options.trialsPerCell, runSeed: 1 });
  const store = RunStore.create({ directory: scratch() });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await executePlan({ plan, store, runId: 'bench', agents: new Map([[agent.spec, agent]]), workers: options.workers });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { trials: result.executed, seconds, cpuSeconds: (used.user + used.system) / 1e6, store };
}

/** Harness overhead: trials a second of the tampering scenario with `ref:mixed`, all cells. */
async function harnessOverhead(): Promise<void> {
  const warm = await runReference({ trialsPerCell: 10, workers: 0 });
  warm.store.close();
  const single = await runReference({ trialsPerCell: 60, workers: 0 });
  const rate = single.trials / single.seconds;
  rows.push({
    name: 'harness: tampering × ref:mixed, main thread',
    target: '≥ 500 trials/s',
    measured: `${rate.toFixed(0)} trials/s (${(single.trials / single.cpuSeconds).toFixed(0)} per CPU-second)`,
    ratio: rate / 500,
    pass: rate >= 500,
  });

  // Store size per trial, against the same trials as plain JSON (the previous format stored record and transcript
  // as JSON text, one row each).
  const { store } = single;
  store.close();
  const fileBytes = statSync(path.join(store.directory, storeFileName)).size;
  const reopened = RunStore.open({ directory: store.directory, readOnly: true });
  const ids = [...reopened.trialStatuses().keys()];
  let jsonBytes = 0;
  for (const id of ids) jsonBytes += JSON.stringify(reopened.getTrial(id)).length + JSON.stringify(reopened.getTranscript(id)).length;
  reopened.close();
  const packedKb = fileBytes / ids.length / 1024;
  const jsonKb = jsonBytes / ids.length / 1024;
  rows.push({
    name: 'store: bytes per trial (packed vs plain JSON)',
    target: '≤ 0.35 of plain JSON',
    measured: `${packedKb.toFixed(1)} KB vs ${jsonKb.toFixed(1)} KB`,
    ratio: packedKb / jsonKb,
    pass: packedKb / jsonKb <= 0.35,
  });

  const workers = Math.max(2, availableParallelism());
  const parallel = await runReference({ trialsPerCell: 60, workers });
  parallel.store.close();
  const parallelRate = parallel.trials / parallel.seconds;
  rows.push({
    name: `harness: tampering × ref:mixed, ${workers} trial workers`,
    target: '≥ 500 trials/s',
    measured: `${parallelRate.toFixed(0)} trials/s (×${(parallelRate / rate).toFixed(2)} main thread, worker start-up included)`,
    ratio: parallelRate / 500,
    pass: parallelRate >= 500,
  });
}

/** Starts the rate-limited server in a child process; resolves with its base URL and a way to read its counts. */
async function spawnServer(limit: RateLimit): Promise<{ baseURL: string; counts: () => Promise<{ served: number; turnedAway: number }>; close: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./rate-limited-server.ts', import.meta.url)), String(limit.latencyMs), String(limit.maxConcurrent)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await iterator.next();
    if (done) throw new Error('the fake server exited');
    return value as string;
  };
  const baseURL = await next();
  return {
    baseURL,
    counts: async () => {
      child.stdin!.write('counts\n');
      return JSON.parse(await next()) as { served: number; turnedAway: number };
    },
    close: () => {
      child.stdin!.end();
      child.kill();
    },
  };
}

/**
 * Throughput against a fake OpenAI-compatible server (own process) with 50 ms latency that serves at most 8 requests
 * at once and answers 429 with Retry-After beyond that. The scheduler may start 32 trials at once, four times what
 * the limit allows, and must find the limit by itself. Ideal: 8 / 50 ms = 160 calls a second.
 */
async function rateLimitedThroughput(): Promise<void> {
  const limit: RateLimit = { latencyMs: 50, maxConcurrent: 8 };
  const idealRate = limit.maxConcurrent / (limit.latencyMs / 1000);
  const server = await spawnServer(limit);
  try {
    const config = peerwatchConfigSchema.parse({ providers: { fake: { type: 'openai-compatible', baseURL: server.baseURL } } });
    const agent: Agent = createModelAgent({ spec: 'fake:bench-model', config });
    const plan: Plan = buildPlan({ scenarios: [tampering], agents: [agent.spec], filter: {}, trialsPerCell: 12, runSeed: 3 });
    const store = RunStore.create({ directory: scratch() });
    let limitEvents = 0;
    const started = performance.now();
    const result = await executePlan({
      plan,
      store,
      runId: 'bench',
      agents: new Map([[agent.spec, agent]]),
      concurrency: 32,
      modelCalls: storeModelCalls({ store }),
      onEvent: (event) => {
        if (event.type === 'limit') limitEvents += 1;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const { served, turnedAway } = await server.counts();
    const completed = summarizeTrials(store.listTrialOutcomes()).completed;
    store.close();
    const ratio = served / idealRate / seconds;
    rows.push({
      name: `rate limit: calls/s vs ideal (${limit.latencyMs} ms, ${limit.maxConcurrent} at once, 429 + Retry-After)`,
      target: '≥ 0.9 of ideal',
      measured: `${(served / seconds).toFixed(0)} of ${idealRate} calls/s; ${completed}/${plan.trials.length} trials completed, ${result.errors} errors, ${turnedAway} calls turned away, ${result.retries} trial retries, ${limitEvents} limit changes`,
      ratio,
      pass: ratio >= 0.9 && result.errors === 0,
    });
  } finally {
    server.close();
  }
}

/**
 * Sequential sampling on `ref:mixed` × tampering: trials run (= model calls saved, for a model) when each cell stops
 * at a 95% Wilson interval narrower than 0.2, against 100 trials per cell, which give at most a 0.19-wide interval.
 */
async function sequentialSavings(): Promise<void> {
  let stats;
  try {
    stats = await loadSequentialStats();
  } catch {
    rows.push({ name: 'sequential sampling: trials vs fixed 100/cell', target: '< 1 of fixed', measured: 'skipped: src/stats is not available', ratio: null, pass: null });
    return;
  }
  const agent = createReferenceAgent('mixed');
  const plan = buildPlan({ scenarios: [tampering], agents: [agent.spec], filter: {}, trialsPerCell: 100, runSeed: 5 });
  const rule = sequentialRule({ plan, maxWidth: 0.2, maxTrials: 100, roundSize: 10 });
  const store = RunStore.create({ directory: scratch() });
  const result = await executePlan({ plan, store, runId: 'bench', agents: new Map([[agent.spec, agent]]), sequential: rule });
  store.close();
  const cells = result.sequential ?? [];
  const trials = cells.reduce((sum, cell) => sum + cell.trials, 0);
  const fixed = plan.trials.length;
  const widest = Math.max(...cells.filter((cell) => cell.state === 'stopped').map((cell) => (cell.interval === null ? 1 : cell.interval.upper - cell.interval.lower)));
  const profile = await referenceProfile({ scenario: tampering, cells: plan.cells.map((entry) => entry.cell) });
  const saved = Math.round((fixed - trials) * profile.modelCalls);
  void stats;
  rows.push({
    name: 'sequential sampling: trials vs fixed 100/cell (width 0.2)',
    target: '< 1 of fixed',
    measured: `${trials} vs ${fixed} trials (${cells.filter((cell) => cell.state === 'stopped').length}/${cells.length} cells stopped early, widest ${widest.toFixed(3)}); ≈ ${saved.toLocaleString('en-US')} model calls saved`,
    ratio: trials / fixed,
    pass: trials < fixed && widest < 0.2,
  });
}

function printTable(): void {
  const header = ['benchmark', 'target', 'measured', 'ratio', 'result'];
  const body = rows.map((row) => [row.name, row.target, row.measured, row.ratio === null ? '–' : row.ratio.toFixed(2), row.pass === null ? 'skip' : row.pass ? 'pass' : 'FAIL']);
  const widths = header.map((cell, index) => Math.max(cell.length, ...body.map((line) => line[index].length)));
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index])).join('  ').trimEnd();
  process.stdout.write(`${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${body.map(line).join('\n')}\n`);
}

try {
  process.stderr.write('bench: harness overhead…\n');
  await harnessOverhead();
  process.stderr.write('bench: rate-limited fake server…\n');
  await rateLimitedThroughput();
  process.stderr.write('bench: sequential sampling…\n');
  await sequentialSavings();
  printTable();
  process.exitCode = rows.some((row) => row.pass === false) ? 1 : 0;
} finally {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
}
