import { UsageError } from '../util/index.ts';
import { checkOpenUnit } from './check-input.ts';
import { tCdf, tInverse } from './student-t-distribution.ts';
import type { Alternative } from './types.ts';

/** Result of {@link twoSampleTTest}: the t statistic, its degrees of freedom, p, and an interval for meanA − meanB. */
export type TTestResult = { t: number; degreesOfFreedom: number; pValue: number; difference: number; lower: number; upper: number };

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

/**
 * Two-sample t-test for independent samples (such as raw alignment-faking scores under monitoring and not), as R's
 * `t.test(valuesA, valuesB)`: Welch's test with Satterthwaite degrees of freedom by default, or Student's pooled test
 * with `equalVariances: true` (R's `var.equal = TRUE`; also scipy's `ttest_ind` default, which the paper's analysis
 * scripts presumably used). `lower`/`upper` bound meanA − meanB at `confidence` (one-sided alternatives give an
 * infinite limit, as R). Each sample needs at least 2 values, all finite. When both samples are constant there is no
 * variance to test against (R stops with "data are essentially constant"): t, the degrees of freedom and p are NaN
 * and the interval is the observed difference.
 *
 * @example twoSampleTTest({ valuesA: [72, 85, 90, 64, 78, 88, 95, 70], valuesB: [60, 75, 68, 80, 55, 72] }) // t 2.1879, df 11.698, p 0.04975
 */
export function twoSampleTTest(options: {
  valuesA: readonly number[];
  valuesB: readonly number[];
  equalVariances?: boolean;
  alternative?: Alternative;
  confidence?: number;
}): TTestResult {
  const { valuesA, valuesB } = options;
  const alternative = options.alternative ?? 'two-sided';
  const confidence = options.confidence ?? 0.95;
  checkOpenUnit({ value: confidence, label: 'confidence', name: 'twoSampleTTest' });
  for (const [label, values] of [['valuesA', valuesA], ['valuesB', valuesB]] as const) {
    if (values.length < 2 || values.some((value) => !Number.isFinite(value))) {
      throw new UsageError({ message: `twoSampleTTest: ${label} needs at least 2 values, all finite numbers` });
    }
  }
  const a = meanAndVariance(valuesA);
  const b = meanAndVariance(valuesB);
  const nA = valuesA.length;
  const nB = valuesB.length;
  let standardError: number;
  let degreesOfFreedom: number;
  if (options.equalVariances) {
    degreesOfFreedom = nA + nB - 2;
    const pooled = ((nA - 1) * a.variance + (nB - 1) * b.variance) / degreesOfFreedom;
    standardError = Math.sqrt(pooled * (1 / nA + 1 / nB));
  } else {
    const shareA = a.variance / nA;
    const shareB = b.variance / nB;
    standardError = Math.sqrt(shareA + shareB);
    degreesOfFreedom = (shareA + shareB) ** 2 / (shareA ** 2 / (nA - 1) + shareB ** 2 / (nB - 1));
  }
  const difference = a.mean - b.mean;
  if (standardError === 0) return { t: Number.NaN, degreesOfFreedom: Number.NaN, pValue: Number.NaN, difference, lower: difference, upper: difference };
  const t = difference / standardError;
  let pValue: number;
  let lower: number;
  let upper: number;
  if (alternative === 'greater') {
    pValue = tCdf(-t, degreesOfFreedom);
    lower = difference - tInverse(confidence, degreesOfFreedom) * standardError;
    upper = Infinity;
  } else if (alternative === 'less') {
    pValue = tCdf(t, degreesOfFreedom);
    lower = -Infinity;
    upper = difference + tInverse(confidence, degreesOfFreedom) * standardError;
  } else {
    pValue = 2 * tCdf(-Math.abs(t), degreesOfFreedom);
    const margin = tInverse(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
    lower = difference - margin;
    upper = difference + margin;
  }
  return { t, degreesOfFreedom, pValue, difference, lower, upper };
}
