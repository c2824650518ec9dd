import { checkCounts, checkOpenUnit } from './check-input.ts';
import { twoSidedCriticalValue } from './normal-distribution.ts';
import type { RateInterval } from './types.ts';

/**
 * Wilson score interval for a proportion (Wilson 1927; Newcombe 1998 method 3), the interval peerwatch reports for
 * every rate. With `continuityCorrection: true` it is Newcombe's method 4 (what R's `prop.test(x, n)` gives when x
 * is more than ½ from n/2). The limits are exactly 0 at zero successes and 1 at all successes. With no trials the
 * estimate is NaN and the interval [0, 1].
 *
 * @example wilsonInterval({ successes: 81, trials: 263 }) // { estimate: 0.30798, lower: 0.25529, upper: 0.36621 }
 */
export function wilsonInterval(options: { successes: number; trials: number; confidence?: number; continuityCorrection?: boolean }): RateInterval {
  const { successes, trials } = options;
  const confidence = options.confidence ?? 0.95;
  checkCounts({ successes, trials, name: 'wilsonInterval' });
  checkOpenUnit({ value: confidence, label: 'confidence', name: 'wilsonInterval' });
  if (trials === 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const z = twoSidedCriticalValue({ confidence });
  const n = trials;
  const p = successes / n;
  const q = 1 - p;
  const z2 = z * z;
  if (options.continuityCorrection) {
    const denominator = 2 * (n + z2);
    const lower = successes === 0 ? 0 : (2 * n * p + z2 - 1 - z * Math.sqrt(Math.max(0, z2 - 2 - 1 / n + 4 * p * (n * q + 1)))) / denominator;
    const upper = successes === n ? 1 : (2 * n * p + z2 + 1 + z * Math.sqrt(Math.max(0, z2 + 2 - 1 / n + 4 * p * (n * q - 1)))) / denominator;
    return { estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper) };
  }
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * q) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return {
    estimate: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - half),
    upper: successes === n ? 1 : Math.min(1, centre + half),
  };
}
