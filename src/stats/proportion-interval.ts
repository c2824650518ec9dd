import { checkConfidence, checkCounts } from './check-counts.ts';
import { betaQuantile, normalQuantile } from './distributions.ts';

/** A rate and its confidence interval. With no trials the estimate is NaN and the interval is [0, 1]. */
export type RateInterval = { estimate: number; lower: number; upper: number };

/**
 * Wilson score interval for a proportion (optionally with continuity correction).
 *
 * @example wilsonInterval({ successes: 81, trials: 263 }) // { estimate: 0.308, lower: 0.2553, upper: 0.3662 }
 */
export function wilsonInterval(options: { successes: number; trials: number; confidence?: number; continuityCorrection?: boolean }): RateInterval {
  const { successes, trials } = options;
  const confidence = options.confidence ?? 0.95;
  checkCounts({ successes, trials, name: 'wilsonInterval' });
  checkConfidence(confidence);
  if (trials === 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const n = trials;
  const p = successes / n;
  const q = 1 - p;
  const z2 = z * z;
  if (options.continuityCorrection) {
    // Newcombe (1998) method 4.
    const denominator = 2 * (n + z2);
    const lower = successes === 0 ? 0 : (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denominator;
    const upper = successes === n ? 1 : (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denominator;
    return { estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper) };
  }
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * q) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { estimate: p, lower: successes === 0 ? 0 : Math.max(0, centre - half), upper: successes === n ? 1 : Math.min(1, centre + half) };
}

/**
 * Clopper–Pearson exact interval for a proportion (from beta quantiles); conservative: it covers at least the nominal
 * rate.
 *
 * @example clopperPearsonInterval({ successes: 81, trials: 263 }) // { lower: 0.2527, upper: 0.3676, … }
 */
export function clopperPearsonInterval(options: { successes: number; trials: number; confidence?: number }): RateInterval {
  const { successes, trials } = options;
  const confidence = options.confidence ?? 0.95;
  checkCounts({ successes, trials, name: 'clopperPearsonInterval' });
  checkConfidence(confidence);
  if (trials === 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const alpha = 1 - confidence;
  return {
    estimate: successes / trials,
    lower: successes === 0 ? 0 : betaQuantile(alpha / 2, successes, trials - successes + 1),
    upper: successes === trials ? 1 : betaQuantile(1 - alpha / 2, successes + 1, trials - successes),
  };
}

/** Width (upper − lower) of the 95% Wilson interval. */
export function intervalWidth(options: { successes: number; trials: number; confidence?: number }): number {
  const interval = wilsonInterval(options);
  return interval.upper - interval.lower;
}
