import { UsageError } from '../util/index.ts';
import { checkOpenUnit } from './check-input.ts';
import { twoSidedCriticalValue } from './normal-distribution.ts';

/** Width of the Wilson interval at an observed rate `rate` in `trials` trials (the success count need not be whole). */
function wilsonWidthAt(rate: number, trials: number, z: number): number {
  const z2 = z * z;
  return (2 * z * Math.sqrt((rate * (1 - rate)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
}

/**
 * Smallest number of trials whose Wilson interval (at level `confidence`, default 0.95) is at most `width` wide when
 * the observed rate is `rate` (default 0.5, where the interval is widest, so the answer holds for any rate). The
 * width is taken as a function of a continuous success count `rate × trials`, so the answer does not jump with
 * rounding; it decreases steadily with the number of trials.
 *
 * @example trialsForIntervalWidth({ width: 0.2 }) // 93 (width 0.19917 at 93 trials, 0.20020 at 92)
 */
export function trialsForIntervalWidth(options: { width: number; rate?: number; confidence?: number }): number {
  const { width } = options;
  const rate = options.rate ?? 0.5;
  const confidence = options.confidence ?? 0.95;
  checkOpenUnit({ value: width, label: 'width', name: 'trialsForIntervalWidth' });
  checkOpenUnit({ value: confidence, label: 'confidence', name: 'trialsForIntervalWidth' });
  if (!(rate >= 0 && rate <= 1)) throw new UsageError({ message: `trialsForIntervalWidth: rate must be between 0 and 1, got ${rate}` });
  const z = twoSidedCriticalValue({ confidence });
  let high = 1;
  while (wilsonWidthAt(rate, high, z) > width) high *= 2;
  let low = Math.max(1, Math.floor(high / 2));
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (wilsonWidthAt(rate, middle, z) <= width) high = middle;
    else low = middle + 1;
  }
  return high;
}
