import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { createJudge, defaultJudgeSpec } from '../../detect/index.ts';
import { rejudgeRun, RunStore, summarizeTrials } from '../../run/index.ts';
import { UsageError } from '../../util/index.ts';
import { addJudgeOption } from '../model-options.ts';
import { positiveInteger } from '../options.ts';
import { formatResultsTable } from '../results-table.ts';

export type RejudgeCommandOptions = { judge?: string; config?: string; concurrency: number; json?: boolean };

/**
 * `peerwatch rejudge RUN_DIR [--judge SPEC]`: runs the judge again over the finished trials of a stored run and
 * updates their records (detector values are kept; judge answers already recorded for the same prompt are reused).
 */
export async function rejudgeCommand(runDirectory: string, options: RejudgeCommandOptions): Promise<void> {
  const { config } = loadConfig({ file: options.config });
  const spec = options.judge ?? config.judge ?? defaultJudgeSpec;
  if (spec === 'none') throw new UsageError({ message: '--judge none: rejudge needs a judge; name one with --judge SPEC' });
  const judge = createJudge({ spec, config });
  const store = RunStore.open({ directory: runDirectory });
  try {
    const judged = await rejudgeRun({
      store,
      judge,
      concurrency: options.concurrency,
      onProgress: ({ done, total }) => {
        if (!options.json && (done === total || done % 50 === 0)) process.stderr.write(`judged ${done}/${total}\n`);
      },
    });
    const records = store.listTrials();
    const summary = summarizeTrials(records);
    store.setMeta('summary', summary);
    store.setMeta('judge', { spec, judgedAt: new Date().toISOString(), trials: judged.length });
    store.exportJsonl();
    const runId = store.getMeta<{ runId?: string }>('header')?.runId ?? null;
    if (options.json) process.stdout.write(`${JSON.stringify({ runId, outDir: store.directory, judge: spec, trials: records, summary })}\n`);
    else process.stdout.write(`${formatResultsTable(summary)}\n\nJudged ${judged.length} trials of ${store.directory} with ${spec}\n`);
  } finally {
    store.close();
  }
}

export function registerRejudgeCommand(program: Command): void {
  const command = program
    .command('rejudge')
    .description('Run the LLM judge again over a stored run and update its records')
    .argument('<run-dir>', 'run folder');
  addJudgeOption(command)
    .option('--config <file>', 'config file (default: ./peerwatch.config.yaml if present)')
    .option('-c, --concurrency <n>', 'trials judged at once', positiveInteger, 4)
    .option('--json', 'print { runId, outDir, judge, trials, summary } as JSON on stdout')
    .action(rejudgeCommand);
}
