import { checkCounts } from './check-input.ts';
import { phiUpper } from './normal-distribution.ts';
import type { TwoGroups } from './types.ts';

/**
 * The paper's test for a difference of two rates: the two-sided pooled two-proportion z-test,
 * z = (pA − pB) / √(p̄(1 − p̄)(1/nA + 1/nB)) with p̄ the pooled rate. Its p-value equals R's
 * `prop.test(c(sA, sB), c(nA, nB), correct = FALSE)` (whose X-squared is z²). When both rates are 0 or both 1 there
 * is no variance: z is 0 and p is 1. With no trials in a group both are NaN.
 *
 * @example twoProportionZTest({ successesA: 30, trialsA: 100, successesB: 20, trialsB: 100 }) // { z: 1.633, pValue: 0.10247 }
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
  return { z, pValue: Math.min(1, 2 * phiUpper(Math.abs(z))) };
}
