import { checkCounts, checkOpenUnit } from './check-input.ts';
import { binomialAtLeast, binomialAtMost, binomialMass } from './binomial-distribution.ts';
import type { Alternative } from './types.ts';

/**
 * Exact binomial test of `successes` out of `trials` against the rate `nullRate` (R's `binom.test`). The defaults are
 * the paper's test that a rate is above zero: one-sided (`'greater'`) against p₀ = 0.001, so that with zero successes
 * p is 1, as the paper's code returned. `'less'` gives P(X ≤ successes); `'two-sided'` sums every outcome at most as
 * likely as the observed one (R's rule, relative tolerance 1e-7).
 *
 * @example binomialTest({ successes: 3, trials: 100 }).pValue // 0.000150376365854212 = P(X ≥ 3 | n = 100, p = 0.001)
 */
export function binomialTest(options: { successes: number; trials: number; nullRate?: number; alternative?: Alternative }): { pValue: number } {
  const { successes, trials } = options;
  const nullRate = options.nullRate ?? 0.001;
  const alternative = options.alternative ?? 'greater';
  checkCounts({ successes, trials, name: 'binomialTest' });
  checkOpenUnit({ value: nullRate, label: 'nullRate', name: 'binomialTest' });
  if (alternative === 'greater') return { pValue: binomialAtLeast(successes, trials, nullRate) };
  if (alternative === 'less') return { pValue: binomialAtMost(successes, trials, nullRate) };
  const observed = binomialMass(successes, trials, nullRate) * (1 + 1e-7);
  let pValue = 0;
  for (let k = 0; k <= trials; k += 1) {
    const p = binomialMass(k, trials, nullRate);
    if (p <= observed) pValue += p;
  }
  return { pValue: Math.min(1, pValue) };
}
