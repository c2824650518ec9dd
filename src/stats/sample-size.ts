import { UsageError } from '../util/index.ts';
import { normalQuantile } from './distributions.ts';
import { intervalWidth } from './proportion-interval.ts';

/**
 * Trials per cell needed to detect a difference `detect` between two independent rates (baseline vs baseline + detect,
 * or baseline − detect when that would pass 1) with a two-sided test at `alpha` and the given `power` — the normal
 * approximation of R's `power.prop.test`, rounded up.
 *
 * @example planSampleSize({ detect: 0.1, power: 0.8 }) // { trialsPerCell: 388, exact: 387.34, … } at baseline 0.5
 */
export function planSampleSize(options: { detect: number; power?: number; alpha?: number; baseline?: number }): {
  trialsPerCell: number;
  exact: number;
  rateA: number;
  rateB: number;
} {
  const power = options.power ?? 0.8;
  const alpha = options.alpha ?? 0.05;
  const baseline = options.baseline ?? 0.5;
  const { detect } = options;
  if (!(detect > 0 && detect < 1)) throw new UsageError({ message: `--detect must be between 0 and 1, got ${detect}` });
  if (!(power > 0 && power < 1)) throw new UsageError({ message: `--power must be between 0 and 1, got ${power}` });
  if (!(alpha > 0 && alpha < 1)) throw new UsageError({ message: `--alpha must be between 0 and 1, got ${alpha}` });
  if (!(baseline >= 0 && baseline <= 1)) throw new UsageError({ message: `--baseline must be between 0 and 1, got ${baseline}` });
  const rateA = baseline;
  const rateB = baseline + detect <= 1 ? baseline + detect : baseline - detect;
  if (rateB < 0) throw new UsageError({ message: `--detect ${detect} does not fit around --baseline ${baseline}` });
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(power);
  const mean = (rateA + rateB) / 2;
  const exact =
    ((zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zPower * Math.sqrt(rateA * (1 - rateA) + rateB * (1 - rateB))) / Math.abs(rateA - rateB)) ** 2;
  return { trialsPerCell: Math.ceil(exact - 1e-9), exact, rateA, rateB };
}

/**
 * Smallest number of trials whose Wilson interval at `rate` (default 0.5, the widest) is at most `width` wide.
 *
 * @example trialsForIntervalWidth({ width: 0.2 }) // 93
 */
export function trialsForIntervalWidth(options: { width: number; rate?: number; confidence?: number }): number {
  const { width } = options;
  const rate = options.rate ?? 0.5;
  if (!(width > 0 && width < 1)) throw new UsageError({ message: `--width must be between 0 and 1, got ${width}` });
  const widthAt = (trials: number) => {
    // The width as a function of a continuous success count, so that the answer does not jump with rounding.
    const successes = rate * trials;
    const z = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);
    const p = successes / trials;
    return (2 * z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / (1 + (z * z) / trials);
  };
  let high = 1;
  while (widthAt(high) > width) high *= 2;
  let low = Math.max(1, Math.floor(high / 2));
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (widthAt(middle) <= width) high = middle;
    else low = middle + 1;
  }
  return high;
}

/** Why a cell stops under sequential sampling, or `null` while it goes on. */
export type StopReason = 'width' | 'max-trials' | null;

/**
 * The stopping rule of `--until-ci-width`: stop a cell once its 95% Wilson interval is narrower than `maxWidth` after
 * at least `minTrials` decided trials, or when `maxTrials` is reached.
 */
export function shouldStopCell(options: { successes: number; trials: number; maxWidth: number; minTrials: number; maxTrials: number }): {
  stop: boolean;
  reason: StopReason;
  width: number;
} {
  const width = options.trials === 0 ? 1 : intervalWidth({ successes: options.successes, trials: options.trials });
  if (options.trials >= options.maxTrials) return { stop: true, reason: 'max-trials', width };
  if (options.trials >= options.minTrials && width < options.maxWidth) return { stop: true, reason: 'width', width };
  return { stop: false, reason: null, width };
}
