import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeReport } from '../src/report/index.ts';
import { writeSyntheticRun } from '../src/view/index.ts';
import type { BenchResult } from './bench-result.ts';

export type { BenchResult };

/** One measured number against its target. */

/**
 * Writes the report of a large run (five agents, three scenarios, 20,000 trials by default): metrics, the paper
 * comparison, the chart SVGs, Markdown and HTML. Target: under 10 s on two cores.
 */
export async function reportBench(options: { trials?: number; targetMs?: number; log?: (line: string) => void } = {}): Promise<BenchResult[]> {
  const trials = options.trials ?? 20_000;
  const target = options.targetMs ?? 10_000;
  const log = options.log ?? (() => {});
  const root = mkdtempSync(path.join(tmpdir(), 'peerwatch-report-bench-'));
  try {
    const directory = path.join(root, 'run');
    const { trials: written } = writeSyntheticRun({ directory, trials });
    log(`wrote a ${written.toLocaleString('en-US')}-trial run`);
    const started = performance.now();
    const report = await writeReport({ directory });
    const elapsed = performance.now() - started;
    log(`report: ${report.data.metrics.cells.length} cells, ${report.chartPaths.length} charts, ${report.data.metrics.comparisons.length} comparisons`);
    return [{ name: `report: metrics, charts, Markdown and HTML (${written.toLocaleString('en-US')} trials)`, measured: Math.round(elapsed), target, unit: 'ms', pass: elapsed < target }];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const result of await reportBench({ log: (line) => process.stderr.write(`${line}\n`) })) {
    process.stdout.write(`${result.pass ? 'PASS' : 'FAIL'} ${result.name}: ${result.measured} ${result.unit} (target < ${result.target} ${result.unit})\n`);
  }
}
