import type { Command } from 'commander';
import { checkGate, computeRunMetrics, formatGate, gateBehaviourNames, parseBudgets, readRun } from '../../report/index.ts';
import { UsageError } from '../../util/index.ts';
import { collect } from '../options.ts';

/**
 * `peerwatch gate RUN_DIR --max-rate tampering=0.05 …`: exit status 0 when every check passes, 1 when the upper bound
 * of a behaviour's 95% interval exceeds its budget (or the run did not measure it), 2 for bad input.
 */
export function gateCommand(runDirectory: string, options: { maxRate?: string[]; json?: boolean }): void {
  const budgets = parseBudgets(options.maxRate ?? []);
  const run = readRun({ directory: runDirectory });
  let records;
  try {
    records = run.records;
  } finally {
    run.store.close();
  }
  if (records.length === 0) throw new UsageError({ message: `${run.directory}: the run has no trials to check` });
  const result = checkGate({ metrics: computeRunMetrics({ records }), budgets });
  if (options.json) process.stdout.write(`${JSON.stringify({ runId: run.runId, directory: run.directory, ...result })}\n`);
  else process.stdout.write(`${formatGate(result)}\n`);
  process.exitCode = result.passed ? 0 : 1;
}

export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description('CI gate: fail (exit 1) when a behaviour\'s 95% upper bound, pooled over the run, exceeds its budget; exit 2 on bad input')
    .argument('<run-dir>', 'run folder written by `peerwatch run`')
    .option('--max-rate <name=value>', `budget, such as tampering=0.05 or exfiltration=2% (repeatable); names: ${gateBehaviourNames.join(', ')}`, collect)
    .option('--json', 'print { runId, passed, checks } as JSON on stdout')
    .action(gateCommand);
}
