import type { Command } from 'commander';
import { compareRuns, formatComparison, readRun } from '../../report/index.ts';

function load(directory: string) {
  const run = readRun({ directory });
  try {
    return { runId: run.runId, directory: run.directory, records: run.records };
  } finally {
    run.store.close();
  }
}

/** `peerwatch compare RUN_A RUN_B`: per-cell and per-metric differences between two runs. */
export function compareCommand(runA: string, runB: string, options: { agentA?: string; agentB?: string; json?: boolean }): void {
  const comparison = compareRuns({ runA: load(runA), runB: load(runB), agentA: options.agentA, agentB: options.agentB });
  process.stdout.write(options.json ? `${JSON.stringify(comparison)}\n` : `${formatComparison(comparison)}\n`);
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('Compare two runs cell by cell and metric by metric (Newcombe intervals, Fisher exact or McNemar, Holm)')
    .argument('<run-a>', 'first run folder (A)')
    .argument('<run-b>', 'second run folder (B); differences are A − B')
    .option('--agent-a <spec>', 'agent of run A to compare (default: agents both runs share, or each run\'s only agent)')
    .option('--agent-b <spec>', 'agent of run B to compare')
    .option('--json', 'print the comparison as JSON on stdout')
    .action(compareCommand);
}
