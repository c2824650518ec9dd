import path from 'node:path';
import type { Command } from 'commander';
import { writeReport } from '../../report/index.ts';

/** `peerwatch report RUN_DIR`: writes report.md, report.html and the chart SVGs into the run folder. */
export async function reportCommand(runDirectory: string, options: { json?: boolean }): Promise<void> {
  const written = await writeReport({ directory: runDirectory });
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ markdownPath: written.markdownPath, htmlPath: written.htmlPath, chartPaths: written.chartPaths, report: written.data })}\n`,
    );
    return;
  }
  const shown = (file: string) => path.relative(process.cwd(), file) || file;
  const { totals, agents } = written.data.metrics;
  process.stdout.write(`Report of run ${written.data.runId}: ${totals.trials} trials, ${agents.length} agent${agents.length === 1 ? '' : 's'}\n`);
  process.stdout.write(`${shown(written.markdownPath)}\n${shown(written.htmlPath)}\n`);
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Write report.md and a self-contained report.html (tables laid out like the paper, SVG charts) into a run folder')
    .argument('<run-dir>', 'run folder written by `peerwatch run`')
    .option('--json', 'print { markdownPath, htmlPath, chartPaths, report } as JSON on stdout')
    .action(reportCommand);
}
