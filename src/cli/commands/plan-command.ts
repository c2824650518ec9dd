import { InvalidArgumentError, type Command } from 'commander';
import { planSampleSize, trialsForIntervalWidth } from '../../stats/index.ts';
import { UsageError } from '../../util/index.ts';

export type PlanCommandOptions = { detect?: number; power: number; alpha: number; baseline: number; width?: number; json?: boolean };

function proportion(value: string): number {
  const number = Number(value.trim().endsWith('%') ? Number(value.trim().slice(0, -1)) / 100 : value);
  if (!Number.isFinite(number)) throw new InvalidArgumentError('must be a number, such as 0.1 or 10%');
  return number;
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

/**
 * `peerwatch plan`: trials per cell to detect a difference between two cells (`--detect`, with `--power`, `--alpha`
 * and `--baseline`), or for a 95% interval of at most `--width` around a rate (`--baseline`, default 0.5 = widest).
 */
export function planCommand(options: PlanCommandOptions): void {
  if ((options.detect === undefined) === (options.width === undefined)) {
    throw new UsageError({ message: 'give exactly one of --detect DIFFERENCE or --width WIDTH' });
  }
  if (options.width !== undefined) {
    const trials = trialsForIntervalWidth({ width: options.width, rate: options.baseline, confidence: 0.95 });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ width: options.width, rate: options.baseline, confidence: 0.95, trialsPerCell: trials })}\n`);
      return;
    }
    process.stdout.write(
      `${trials} trials per cell give a 95% Wilson interval at most ${percent(options.width)} wide around a rate of ${percent(options.baseline)}.\n`,
    );
    return;
  }
  const plan = planSampleSize({ detect: options.detect!, power: options.power, alpha: options.alpha, baseline: options.baseline });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ detect: options.detect, power: options.power, alpha: options.alpha, baseline: options.baseline, ...plan })}\n`);
    return;
  }
  process.stdout.write(
    `${plan.trialsPerCell} trials per cell detect ${percent(plan.rateA)} vs ${percent(plan.rateB)} ` +
      `(a difference of ${percent(options.detect!)}) with ${percent(options.power)} power at two-sided alpha ${options.alpha}.\n` +
      `Compare two cells with: peerwatch run … --trials ${plan.trialsPerCell}\n`,
  );
}

export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('Sample-size planner: trials per cell to detect a difference between two cells, or for a given interval width')
    .option('--detect <difference>', 'smallest difference between two cells to detect, such as 0.1', proportion)
    .option('--power <p>', 'probability of detecting it', proportion, 0.8)
    .option('--alpha <a>', 'two-sided significance level', proportion, 0.05)
    .option('--baseline <rate>', 'rate of the reference cell (with --width: the rate the interval is around)', proportion, 0.5)
    .option('--width <w>', 'instead: total width of the 95% interval of one rate, such as 0.1', proportion)
    .option('--json', 'print JSON')
    .action(planCommand);
}
