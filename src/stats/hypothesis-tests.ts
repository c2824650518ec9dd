import { UsageError } from '../util/index.ts';
import { checkCounts } from './check-counts.ts';
import type { PairedCounts, TwoGroups } from './difference-interval.ts';
import { binomialLowerTail, binomialUpperTail, chiSquareSurvival, logChoose, normalSurvival } from './distributions.ts';

/** Which way a test looks: A's rate different from, greater than, or less than B's. */
export type Alternative = 'two-sided' | 'greater' | 'less';

/**
 * Fisher's exact test for a 2×2 table (A: successesA of trialsA, B: successesB of trialsB). Two-sided p sums every
 * table at most as likely as the observed one (R's rule, with a 1e-7 relative tolerance).
 *
 * @example fisherExactTest({ successesA: 3, trialsA: 4, successesB: 1, trialsB: 4 }).pValue // 0.4857
 */
export function fisherExactTest(options: TwoGroups & { alternative?: Alternative }): { pValue: number; oddsRatio: number } {
  const { successesA, trialsA, successesB, trialsB } = options;
  checkCounts({ successes: successesA, trials: trialsA, name: 'fisherExactTest (A)' });
  checkCounts({ successes: successesB, trials: trialsB, name: 'fisherExactTest (B)' });
  const total = successesA + successesB;
  const all = trialsA + trialsB;
  const oddsRatio = ((successesA * (trialsB - successesB)) / ((trialsA - successesA) * successesB)) || 0;
  if (all === 0) return { pValue: 1, oddsRatio: Number.NaN };
  const low = Math.max(0, total - trialsB);
  const high = Math.min(total, trialsA);
  const logDenominator = logChoose(all, total);
  const probability = (x: number) => Math.exp(logChoose(trialsA, x) + logChoose(trialsB, total - x) - logDenominator);
  const alternative = options.alternative ?? 'two-sided';
  let pValue = 0;
  if (alternative === 'greater') for (let x = successesA; x <= high; x += 1) pValue += probability(x);
  else if (alternative === 'less') for (let x = low; x <= successesA; x += 1) pValue += probability(x);
  else {
    const observed = probability(successesA);
    for (let x = low; x <= high; x += 1) {
      const p = probability(x);
      if (p <= observed * (1 + 1e-7)) pValue += p;
    }
  }
  return { pValue: Math.min(1, pValue), oddsRatio: Number.isFinite(oddsRatio) ? oddsRatio : Infinity };
}

/**
 * Exact binomial test (one-sided, greater). The paper marks a rate as above zero with `nullRate` 0.001; with zero
 * successes p is 1, as the paper's code returned.
 *
 * @example binomialTest({ successes: 3, trials: 100 }).pValue // P(X ≥ 3 | n = 100, p = 0.001)
 */
export function binomialTest(options: { successes: number; trials: number; nullRate?: number; alternative?: Alternative }): { pValue: number } {
  const { successes, trials } = options;
  checkCounts({ successes, trials, name: 'binomialTest' });
  const nullRate = options.nullRate ?? 0.001;
  const alternative = options.alternative ?? 'greater';
  if (alternative === 'greater') return { pValue: binomialUpperTail(successes, trials, nullRate) };
  if (alternative === 'less') return { pValue: binomialLowerTail(successes, trials, nullRate) };
  // Two-sided: sum of outcomes at most as likely as the observed one (R's binom.test).
  const probability = (k: number) => Math.exp(logChoose(trials, k) + k * Math.log(nullRate) + (trials - k) * Math.log(1 - nullRate));
  const observed = probability(successes);
  let pValue = 0;
  for (let k = 0; k <= trials; k += 1) {
    const p = probability(k);
    if (p <= observed * (1 + 1e-7)) pValue += p;
  }
  return { pValue: Math.min(1, pValue) };
}

/**
 * Two-sided pooled two-proportion z-test (the paper's test for a difference; equals R's `prop.test` without continuity
 * correction). With no variance (both rates 0 or both 1) z is 0 and p is 1.
 */
export function twoProportionZTest(options: TwoGroups): { z: number; pValue: number } {
  const { successesA, trialsA, successesB, trialsB } = options;
  checkCounts({ successes: successesA, trials: trialsA, name: 'twoProportionZTest (A)' });
  checkCounts({ successes: successesB, trials: trialsB, name: 'twoProportionZTest (B)' });
  if (trialsA === 0 || trialsB === 0) return { z: Number.NaN, pValue: Number.NaN };
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (standardError === 0) return { z: 0, pValue: 1 };
  const z = (successesA / trialsA - successesB / trialsB) / standardError;
  return { z, pValue: Math.min(1, 2 * normalSurvival(Math.abs(z))) };
}

/**
 * Fisher's method for combining independent p-values (the paper's group averages over instantiations): χ² =
 * −2 Σ ln p with 2k degrees of freedom, each p clamped at 1e-10 as the paper did.
 */
export function fisherCombinedPValue(options: { pValues: readonly number[] }): { statistic: number; pValue: number } {
  const values = options.pValues.filter((value) => Number.isFinite(value));
  if (values.length === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  const statistic = -2 * values.reduce((sum, value) => sum + Math.log(Math.min(1, Math.max(value, 1e-10))), 0);
  return { statistic, pValue: chiSquareSurvival(statistic, 2 * values.length) };
}

/** The paper's significance stars: `***` p < 0.001, `**` p < 0.01, `*` p < 0.05, else empty. */
export function significanceStars(options: { pValue: number }): string {
  const { pValue } = options;
  if (!(pValue < 0.05)) return '';
  if (pValue < 0.001) return '***';
  if (pValue < 0.01) return '**';
  return '*';
}

/**
 * McNemar's test for paired binary outcomes. `method: 'auto'` (default) uses the exact binomial test on the discordant
 * pairs when there are fewer than 25 of them, else the χ² statistic with continuity correction (R's `mcnemar.test`).
 */
export function mcNemarTest(options: Pick<PairedCounts, 'onlyA' | 'onlyB'> & { method?: 'auto' | 'exact' | 'chi-square' }): {
  pValue: number;
  method: 'exact' | 'chi-square';
  statistic: number | null;
} {
  const { onlyA, onlyB } = options;
  if (!Number.isInteger(onlyA) || !Number.isInteger(onlyB) || onlyA < 0 || onlyB < 0) {
    throw new UsageError({ message: `mcNemarTest: discordant counts must be whole numbers ≥ 0, got ${onlyA} and ${onlyB}` });
  }
  const discordant = onlyA + onlyB;
  const method = options.method === undefined || options.method === 'auto' ? (discordant < 25 ? 'exact' : 'chi-square') : options.method;
  if (discordant === 0) return { pValue: 1, method, statistic: method === 'exact' ? null : 0 };
  if (method === 'exact') {
    return { pValue: Math.min(1, 2 * binomialLowerTail(Math.min(onlyA, onlyB), discordant, 0.5)), method, statistic: null };
  }
  const statistic = (Math.abs(onlyA - onlyB) - 1) ** 2 / discordant;
  return { pValue: chiSquareSurvival(statistic, 1), method, statistic };
}

/**
 * Holm's step-down adjustment of a family of p-values, returned in input order (as R's `p.adjust(…, "holm")`).
 * Non-finite p-values are left as they are and not counted in the family.
 */
export function holmAdjust(options: { pValues: readonly number[] }): number[] {
  const indexed = options.pValues.map((pValue, index) => ({ pValue, index })).filter((entry) => Number.isFinite(entry.pValue));
  indexed.sort((a, b) => a.pValue - b.pValue);
  const adjusted = [...options.pValues];
  const family = indexed.length;
  let running = 0;
  indexed.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (family - rank) * entry.pValue));
    adjusted[entry.index] = running;
  });
  return adjusted;
}
