import { checkCounts, checkOpenUnit } from './check-input.ts';
import { betaInverse } from './incomplete-beta.ts';
import type { RateInterval } from './types.ts';

/**
 * Clopper–Pearson "exact" interval for a proportion, from beta quantiles (R's `binom.test(x, n)$conf.int`). It is
 * conservative: its coverage is at least the nominal level for every true rate, so it is wider than Wilson's. With no
 * trials the estimate is NaN and the interval [0, 1].
 *
 * @example clopperPearsonInterval({ successes: 81, trials: 263 }) // { estimate: 0.30798, lower: 0.25274, upper: 0.36762 }
 */
export function clopperPearsonInterval(options: { successes: number; trials: number; confidence?: number }): RateInterval {
  const { successes, trials } = options;
  const confidence = options.confidence ?? 0.95;
  checkCounts({ successes, trials, name: 'clopperPearsonInterval' });
  checkOpenUnit({ value: confidence, label: 'confidence', name: 'clopperPearsonInterval' });
  if (trials === 0) return { estimate: Number.NaN, lower: 0, upper: 1 };
  const tail = (1 - confidence) / 2;
  return {
    estimate: successes / trials,
    lower: successes === 0 ? 0 : betaInverse(tail, successes, trials - successes + 1),
    upper: successes === trials ? 1 : betaInverse(1 - tail, successes + 1, trials - successes),
  };
}
