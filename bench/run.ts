// `npm run bench`: throughput of the run machinery, each number measured within this one run and compared with its
// target. Run it on an otherwise idle machine: other load on the cores shows up in every wall-clock number.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createReferenceAgent, type Agent } from '../src/agent/index.ts';
import { createModelAgent } from '../src/agent/model/index.ts';
import { peerwatchConfigSchema } from '../src/config/index.ts';
import {
  buildPlan,
  executePlan,
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
import type { BenchResult } from './bench-result.ts';
import { harnessBench } from './harness-bench.ts';
import { importBench } from './import-bench.ts';
import type { RateLimit } from './rate-limited-server.ts';
import { reportBench } from './report-bench.ts';
import { shellBench } from './shell-bench.ts';
import { viewBench } from './view-bench.ts';

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

async function runReference(options: { trialsPerCell: number }): Promise<{ trials: number; seconds: number; cpuSeconds: number; store: RunStore }> {
  const agent = createReferenceAgent('mixed');
  const plan = buildPlan({ scenarios: [tampering], agents: [agent.spec], filter: {}, trialsPerCell: options.trialsPerCell, runSeed: 1 });
  const store = RunStore.create({ directory: scratch() });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await executePlan({ plan, store, runId: 'bench', agents: new Map([[agent.spec, agent]]) });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { trials: result.executed, seconds, cpuSeconds: (used.user + used.system) / 1e6, store };
}

/** Harness overhead: trials a second of the tampering scenario with `ref:mixed`, all cells. */
async function harnessOverhead(): Promise<void> {
  const warm = await runReference({ trialsPerCell: 10 });
  warm.store.close();
  const single = await runReference({ trialsPerCell: 60 });
  const rate = single.trials / single.seconds;
  rows.push({
    name: 'harness: tampering × ref:mixed (all 57 cells)',
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
 * Throughput against a fake OpenAI-compatible server (own process) with 500 ms latency (real providers take 1–30 s)
 * that serves at most 16 requests at once and answers 429 with Retry-After beyond that. The scheduler may make 64
 * calls at once, four times what the limit allows, and must find the limit by itself. Ideal: 16 / 500 ms = 32 calls
 * a second, every second of the run (start and end included).
 */
async function rateLimitedThroughput(): Promise<void> {
  const limit: RateLimit = { latencyMs: 500, maxConcurrent: 16 };
  const idealRate = limit.maxConcurrent / (limit.latencyMs / 1000);
  const server = await spawnServer(limit);
  try {
    const config = peerwatchConfigSchema.parse({ providers: { fake: { type: 'openai-compatible', baseURL: server.baseURL } } });
    const agent: Agent = createModelAgent({ spec: 'fake:bench-model', config });
    const plan: Plan = buildPlan({ scenarios: [tampering], agents: [agent.spec], filter: {}, trialsPerCell: 6, runSeed: 3 });
    const store = RunStore.create({ directory: scratch() });
    let limitEvents = 0;
    const started = performance.now();
    const result = await executePlan({
      plan,
      store,
      runId: 'bench',
      agents: new Map([[agent.spec, agent]]),
      concurrency: 64,
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
  rows.push({
    name: 'sequential sampling: trials vs fixed 100/cell (width 0.2)',
    target: '< 1 of fixed',
    measured: `${trials} vs ${fixed} trials (${cells.filter((cell) => cell.state === 'stopped').length}/${cells.length} cells stopped early, widest ${widest.toFixed(3)}); ≈ ${saved.toLocaleString('en-US')} model calls saved`,
    ratio: trials / fixed,
    pass: trials < fixed && widest < 0.2,
  });
}

/** Adds the results of a piece's own benchmark: rates (`…/s`) are better higher, times better lower. */
function addPieceResults(results: readonly BenchResult[]): void {
  for (const result of results) {
    const higherIsBetter = result.unit.endsWith('/s');
    rows.push({
      name: result.name,
      target: `${higherIsBetter ? '≥' : '<'} ${result.target} ${result.unit}`,
      measured: Number.isFinite(result.measured) ? `${result.measured} ${result.unit}` : 'not measured',
      ratio: Number.isFinite(result.measured) ? (higherIsBetter ? result.measured / result.target : result.target / result.measured) : null,
      pass: result.pass,
      ...(result.note ? { note: result.note } : {}),
    });
  }
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
  // The pieces' own benchmarks; ratios are target-relative (above 1 is better than the target).
  for (const [name, bench] of [
    ['shell view', () => shellBench()],
    ['import', () => importBench()],
    ['report', () => reportBench()],
    ['viewer (20,000-trial run in Chromium)', () => viewBench()],
    ['production-harness overheads', () => harnessBench({ rounds: 8 })],
  ] as const) {
    process.stderr.write(`bench: ${name}…\n`);
    try {
      addPieceResults(await bench());
    } catch (error) {
      rows.push({ name, target: '–', measured: `skipped: ${(error as Error).message.split('\n')[0]}`, ratio: null, pass: null });
    }
  }
  printTable();
  process.exitCode = rows.some((row) => row.pass === false) ? 1 : 0;
} finally {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
}
