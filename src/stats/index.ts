export {
  betaQuantile,
  binomialLowerTail,
  binomialUpperTail,
  chiSquareSurvival,
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from './distributions.ts';
export { clopperPearsonInterval, intervalWidth, wilsonInterval, type RateInterval } from './proportion-interval.ts';
export {
  newcombeInterval,
  pairedDifferenceInterval,
  type DifferenceInterval,
  type PairedCounts,
  type TwoGroups,
} from './difference-interval.ts';
export {
  binomialTest,
  fisherCombinedPValue,
  fisherExactTest,
  holmAdjust,
  mcNemarTest,
  significanceStars,
  twoProportionZTest,
  type Alternative,
} from './hypothesis-tests.ts';
export { planSampleSize, shouldStopCell, trialsForIntervalWidth, type StopReason } from './sample-size.ts';
