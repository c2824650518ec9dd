// Statistics for peerwatch reports, written from scratch (no dependencies). Every public function takes one options
// object. Reference values for the tests come from R 4.2.2; see __fixtures__/reference-values.R.
export type { Alternative, DifferenceInterval, PairedCounts, RateInterval, TwoGroups } from './types.ts';

// Distributions.
export { logChoose, logGamma } from './log-gamma.ts';
export { regularizedGammaP, regularizedGammaQ } from './incomplete-gamma.ts';
export { betaQuantile, regularizedBeta, regularizedBetaUpper } from './incomplete-beta.ts';
export { normalCdf, normalQuantile, normalSurvival, twoSidedCriticalValue } from './normal-distribution.ts';
export { chiSquareCdf, chiSquareSurvival } from './chi-square-distribution.ts';
export { binomialLowerTail, binomialProbability, binomialUpperTail } from './binomial-distribution.ts';
export { studentTCdf, studentTQuantile } from './student-t-distribution.ts';

// Intervals.
export { wilsonInterval } from './wilson-interval.ts';
export { clopperPearsonInterval } from './clopper-pearson-interval.ts';
export { newcombeInterval } from './newcombe-interval.ts';
export { pairedDifferenceInterval } from './paired-difference-interval.ts';

// Tests.
export { binomialTest } from './binomial-test.ts';
export { fisherExactTest } from './fisher-exact-test.ts';
export { twoProportionZTest } from './two-proportion-z-test.ts';
export { fisherCombinedPValue } from './fisher-combined-p-value.ts';
export { significanceStars } from './significance-stars.ts';
export { mcNemarExactBelow, mcNemarTest } from './mcnemar-test.ts';
export { holmAdjust } from './holm-adjust.ts';
export { twoSampleTTest, type TTestResult } from './t-test.ts';

// Planning and sequential sampling.
export { planSampleSize } from './plan-sample-size.ts';
export { trialsForIntervalWidth } from './trials-for-interval-width.ts';
export { describeStoppingRule, intervalWidth, shouldStopCell, type StopReason } from './sequential-stopping.ts';
