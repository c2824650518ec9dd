import { checkWholeNumber } from './check-input.ts';
import { binomialAtMost } from './binomial-distribution.ts';
import { gammaQ } from './incomplete-gamma.ts';
import type { PairedCounts } from './types.ts';

/** Below this many discordant pairs, `method: 'auto'` uses the exact test. */
export const mcNemarExactBelow = 25;

/**
 * McNemar's test that two paired rates are equal, from the discordant pairs only (`onlyA`: true under A alone,
 * `onlyB`: true under B alone). `method: 'auto'` (the default) uses the exact version when there are fewer than 25
 * discordant pairs and the χ² version otherwise:
 * - `'exact'`: two-sided exact binomial test of onlyA out of onlyA + onlyB against ½ (R's
 *   `binom.test(onlyA, onlyA + onlyB)`), p = min(1, 2·P(X ≤ min(onlyA, onlyB))); `statistic` is null.
 * - `'chi-square'`: (|onlyA − onlyB| − 1)² / (onlyA + onlyB) on 1 degree of freedom, with continuity correction as R's
 *   `mcnemar.test` (which drops the correction when onlyA = onlyB, giving 0).
 * With no discordant pairs p is 1.
 *
 * @example mcNemarTest({ onlyA: 10, onlyB: 3 }) // { pValue: 0.0922852, method: 'exact', statistic: null }
 */
export function mcNemarTest(options: Pick<PairedCounts, 'onlyA' | 'onlyB'> & { method?: 'auto' | 'exact' | 'chi-square' }): {
  pValue: number;
  method: 'exact' | 'chi-square';
  statistic: number | null;
} {
  const { onlyA, onlyB } = options;
  checkWholeNumber({ value: onlyA, label: 'onlyA', name: 'mcNemarTest' });
  checkWholeNumber({ value: onlyB, label: 'onlyB', name: 'mcNemarTest' });
  const discordant = onlyA + onlyB;
  const requested = options.method ?? 'auto';
  const method = requested === 'auto' ? (discordant < mcNemarExactBelow ? 'exact' : 'chi-square') : requested;
  if (method === 'exact') {
    if (discordant === 0) return { pValue: 1, method, statistic: null };
    return { pValue: Math.min(1, 2 * binomialAtMost(Math.min(onlyA, onlyB), discordant, 0.5)), method, statistic: null };
  }
  if (discordant === 0) return { pValue: 1, method, statistic: 0 };
  const correction = onlyA === onlyB ? 0 : 1;
  const statistic = (Math.abs(onlyA - onlyB) - correction) ** 2 / discordant;
  return { pValue: gammaQ(0.5, statistic / 2), method, statistic };
}
