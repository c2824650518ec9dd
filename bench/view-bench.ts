import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { RunStore } from '../src/run/index.ts';
import { buildCellTable, startViewer, writeSyntheticRun } from '../src/view/index.ts';
import type { BenchResult } from './bench-result.ts';

export type { BenchResult };

/** One measured number against its target. */

const chromiumPath = '/usr/bin/chromium';

/**
 * Loads viewer pages over a large run in headless Chromium and measures time to interactive: from the start of the
 * navigation to the moment the page's content is on screen (the app's `peerwatch-ready` performance mark). "Cold"
 * is the first page load after the server starts (the server aggregates the cell table in the background as soon
 * as it listens; that aggregation is also timed on its own); "warm" is a later load in a fresh tab.
 */
export async function viewBench(options: { trials?: number; targetMs?: number; log?: (line: string) => void } = {}): Promise<BenchResult[]> {
  const trials = options.trials ?? 20_000;
  const target = options.targetMs ?? 2000;
  const log = options.log ?? (() => {});
  if (!existsSync(chromiumPath)) {
    return [{ name: 'view: run page time to interactive', measured: Number.NaN, target, unit: 'ms', pass: true, note: `skipped: ${chromiumPath} missing` }];
  }
  const root = mkdtempSync(path.join(tmpdir(), 'peerwatch-view-bench-'));
  let browser: Browser | undefined;
  let viewer: Awaited<ReturnType<typeof startViewer>> | undefined;
  try {
    const directory = path.join(root, 'run');
    let started = performance.now();
    const { runId, trials: written } = writeSyntheticRun({ directory, trials });
    log(`wrote a ${written.toLocaleString('en-US')}-trial run in ${Math.round(performance.now() - started)} ms`);
    // The server aggregates each run's cell table once per start; measured here on its own.
    const store = RunStore.open({ directory, readOnly: true });
    started = performance.now();
    buildCellTable(store.database);
    const aggregateMs = performance.now() - started;
    store.close();
    started = performance.now();
    viewer = await startViewer({ directories: [directory] });
    const startMs = performance.now() - started;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const open = async (hash: string): Promise<number> => {
      // A fresh page each time: a full navigation, not a hash change inside an already loaded app.
      const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
      try {
        await page.goto(`${viewer!.url}${hash}`);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
        return await page.evaluate(() => performance.getEntriesByName('peerwatch-ready').at(-1)?.startTime ?? Number.NaN);
      } finally {
        await page.close();
      }
    };
    const run = encodeURIComponent(runId);
    const cold = await open(`#/runs/${run}`);
    const warm = await open(`#/runs/${run}`);
    const flaggedList = await open(`#/runs/${run}/trials?behaviour=exfiltration`);
    const filtered = await open(`#/runs/${run}?scenario=exfiltration-transfer&behaviour=exfiltration`);
    const trialId = viewer.catalog.get(runId)!.store.database.prepare(
      `SELECT id FROM trials WHERE json_type(record, '$.detections.exfiltration') = 'true' ORDER BY id DESC LIMIT 1`,
    ).get() as { id: string };
    const trial = await open(`#/runs/${run}/trials/${encodeURIComponent(trialId.id)}`);
    const size = `${written.toLocaleString('en-US')} trials`;
    const result = (name: string, measured: number): BenchResult => ({ name: `view: ${name} (${size})`, measured: Math.round(measured), target, unit: 'ms', pass: measured < target });
    return [
      { ...result('server start, stores opened', startMs), note: 'server side' },
      { ...result('cell table aggregation, once per server start', aggregateMs), note: 'server side' },
      result('run page, cold (first load after start)', cold),
      result('run page, warm', warm),
      result('run page, filtered to cells with exfiltration', filtered),
      result('trials with exfiltration, first page', flaggedList),
      result('trial page with transcript', trial),
    ];
  } finally {
    await browser?.close();
    await viewer?.close();
    rmSync(root, { recursive: true, force: true });
  }
}

export default viewBench;

if (import.meta.main) {
  const results = await viewBench({ log: (line) => process.stdout.write(`${line}\n`) });
  for (const result of results) {
    const verdict = result.note?.startsWith('skipped') ? 'skipped' : result.pass ? 'ok' : 'SLOWER THAN TARGET';
    process.stdout.write(`${result.name}: ${Number.isNaN(result.measured) ? '–' : result.measured} ${result.unit} (target < ${result.target} ${result.unit}) ${verdict}${result.note ? ` — ${result.note}` : ''}\n`);
  }
  process.exitCode = results.every((result) => result.pass) ? 0 : 1;
}
