import { checkCounts } from './check-input.ts';
import { lnChoose } from './log-gamma.ts';
import type { Alternative, TwoGroups } from './types.ts';

/**
 * Fisher's exact test for a 2×2 table (rows A and B, columns success and failure), conditional on the margins, as R's
 * `fisher.test(matrix(c(sA, tA − sA, sB, tB − sB), 2, byrow = TRUE))`. `alternative: 'greater'` tests A's success
 * odds above B's (P(X ≥ sA) under the hypergeometric null), `'less'` below; the default two-sided p sums every table
 * at most as likely as the observed one (R's rule, with its 1e-7 relative tolerance). `oddsRatio` is the sample
 * cross-product ratio sA·(tB − sB) / ((tA − sA)·sB) (Infinity or 0 when a cell is empty, NaN when both are); it is not
 * R's conditional maximum-likelihood estimate. With no trials at all p is 1.
 *
 * @example fisherExactTest({ successesA: 3, trialsA: 4, successesB: 1, trialsB: 4 }).pValue // 0.485714285714286
 */
export function fisherExactTest(options: TwoGroups & { alternative?: Alternative }): { pValue: number; oddsRatio: number } {
  const { successesA, trialsA, successesB, trialsB } = options;
  const alternative = options.alternative ?? 'two-sided';
  checkCounts({ successes: successesA, trials: trialsA, name: 'fisherExactTest (A)' });
  checkCounts({ successes: successesB, trials: trialsB, name: 'fisherExactTest (B)' });
  const oddsRatio = (successesA * (trialsB - successesB)) / ((trialsA - successesA) * successesB);
  const successes = successesA + successesB;
  const all = trialsA + trialsB;
  if (all === 0) return { pValue: 1, oddsRatio };
  // X = successes in A, hypergeometric on [low, high].
  const low = Math.max(0, successes - trialsB);
  const high = Math.min(successes, trialsA);
  const logDenominator = lnChoose(all, successes);
  const probability = (x: number) => Math.exp(lnChoose(trialsA, x) + lnChoose(trialsB, successes - x) - logDenominator);
  let pValue = 0;
  if (alternative === 'greater') {
    for (let x = successesA; x <= high; x += 1) pValue += probability(x);
  } else if (alternative === 'less') {
    for (let x = low; x <= successesA; x += 1) pValue += probability(x);
  } else {
    const observed = probability(successesA) * (1 + 1e-7);
    for (let x = low; x <= high; x += 1) {
      const p = probability(x);
      if (p <= observed) pValue += p;
    }
  }
  return { pValue: Math.min(1, pValue), oddsRatio };
}
