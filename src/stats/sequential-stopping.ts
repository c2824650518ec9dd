import { UsageError } from '../util/index.ts';
import { wilsonInterval } from './wilson-interval.ts';

/**
 * Width (upper − lower) of the Wilson interval of `successes` out of `trials` (95% unless `confidence` says
 * otherwise); 1 with no trials.
 *
 * @example intervalWidth({ successes: 20, trials: 40 }) // 0.296009
 */
export function intervalWidth(options: { successes: number; trials: number; confidence?: number }): number {
  const interval = wilsonInterval(options);
  return interval.upper - interval.lower;
}

/** Why a cell stops under sequential sampling, or `null` while it goes on. */
export type StopReason = 'width' | 'max-trials' | null;

/**
 * The stopping rule of sequential sampling (`--until-ci-width`), checked after each decided trial or round:
 * 1. stop with reason `'max-trials'` once `trials ≥ maxTrials`;
 * 2. else stop with reason `'width'` once `trials ≥ minTrials` and the 95% Wilson interval of the cell's rate is
 *    strictly narrower than `maxWidth`;
 * 3. else go on.
 * `width` is the current 95% Wilson width (1 with no trials). The width depends on the observed rate, so cells near
 * 0% or 100% stop sooner (0 of 35 is already 0.099 wide) than cells near 50% (about 381 trials for 0.1); `minTrials`
 * keeps an early run of identical outcomes from stopping a cell too soon. See {@link describeStoppingRule} for the
 * text recorded in run headers.
 *
 * @example shouldStopCell({ successes: 0, trials: 40, maxWidth: 0.1, minTrials: 10, maxTrials: 100 }) // { stop: true, reason: 'width', width: 0.0876 }
 */
export function shouldStopCell(options: { successes: number; trials: number; maxWidth: number; minTrials: number; maxTrials: number }): {
  stop: boolean;
  reason: StopReason;
  width: number;
} {
  const { successes, trials, maxWidth, minTrials, maxTrials } = options;
  checkRule({ maxWidth, minTrials, maxTrials });
  const width = intervalWidth({ successes, trials });
  if (trials >= maxTrials) return { stop: true, reason: 'max-trials', width };
  if (trials >= minTrials && width < maxWidth) return { stop: true, reason: 'width', width };
  return { stop: false, reason: null, width };
}

/**
 * One line describing the stopping rule of {@link shouldStopCell} with its parameters, for run headers.
 *
 * @example describeStoppingRule({ maxWidth: 0.1, minTrials: 20, maxTrials: 400 })
 * // 'stop a cell when its 95% Wilson interval is narrower than 0.1 after at least 20 trials, or at 400 trials'
 */
export function describeStoppingRule(options: { maxWidth: number; minTrials: number; maxTrials: number }): string {
  checkRule(options);
  return `stop a cell when its 95% Wilson interval is narrower than ${options.maxWidth} after at least ${options.minTrials} trials, or at ${options.maxTrials} trials`;
}

function checkRule(options: { maxWidth: number; minTrials: number; maxTrials: number }): void {
  const { maxWidth, minTrials, maxTrials } = options;
  if (!(maxWidth > 0 && maxWidth <= 1)) throw new UsageError({ message: `stopping rule: maxWidth must be above 0 and at most 1, got ${maxWidth}` });
  if (!Number.isInteger(minTrials) || minTrials < 0) throw new UsageError({ message: `stopping rule: minTrials must be a whole number ≥ 0, got ${minTrials}` });
  if (!Number.isInteger(maxTrials) || maxTrials < Math.max(1, minTrials)) {
    throw new UsageError({ message: `stopping rule: maxTrials must be a whole number ≥ minTrials and ≥ 1, got ${maxTrials}` });
  }
}
