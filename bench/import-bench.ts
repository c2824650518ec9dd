import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTranscripts, openImportFiles } from '../src/import/index.ts';
import { builtInScenarioDirectory, loadScenarioDirectory } from '../src/scenario/index.ts';
import type { BenchResult } from './bench-result.ts';

export type { BenchResult };

/** One measured number against its target (the shape `bench/view-bench.ts` uses). */

/**
 * Throughput of `peerwatch import`: the invented fixture transcripts, repeated as rows of one JSONL file (task type
 * in a column, as in the released dataset), placed, replayed and re-scored.
 */
export async function importBench(options: { copies?: number; targetPerSecond?: number } = {}): Promise<BenchResult[]> {
  const copies = options.copies ?? 300;
  const target = options.targetPerSecond ?? 200;
  const fixtures = fileURLToPath(new URL('../src/import/__fixtures__/transcripts/', import.meta.url));
  const rows = (readdirSync(fixtures, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.json') && !file.includes('transcript_8'))
    .map((file) => ({ task_folder: file.split(path.sep)[0], transcript_json: readFileSync(path.join(fixtures, file), 'utf8') }));
  const directory = mkdtempSync(path.join(tmpdir(), 'peerwatch-import-bench-'));
  try {
    const file = path.join(directory, 'rows.jsonl');
    const lines: string[] = [];
    for (let copy = 0; copy < copies; copy += 1) for (const row of rows) lines.push(JSON.stringify({ ...row, transcript_id: `t${copy}-${lines.length}` }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const scenarios = loadScenarioDirectory({ directory: builtInScenarioDirectory });
    const started = performance.now();
    const report = await importTranscripts({ sources: await openImportFiles([file]), scenarios, runId: 'bench' });
    const seconds = (performance.now() - started) / 1000;
    const perSecond = Math.round(report.replayed / seconds);
    return [{ name: `import and re-score (${report.replayed} transcripts)`, measured: perSecond, target, unit: 'transcripts/s', pass: perSecond >= target }];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export default importBench;

if (import.meta.main) {
  const results = await importBench();
  for (const result of results) {
    process.stdout.write(`${result.name}: ${result.measured} ${result.unit} (target ≥ ${result.target} ${result.unit}) ${result.pass ? 'ok' : 'SLOWER THAN TARGET'}\n`);
  }
  process.exitCode = results.every((result) => result.pass) ? 0 : 1;
}
