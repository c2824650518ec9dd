import { rateEstimate, starsFor, type Estimate } from './estimate.ts';
import { fisherExactTest, mcNemarTest, newcombeInterval, pairedDifferenceInterval, twoProportionZTest } from '../../stats/index.ts';
import type { Outcome, UndecidedPolicy } from './trial-outcomes.ts';

/** One trial's outcome with what pairs it: the trial number and seed (and, when pooling cells, the cell in `key`). */
export type TrialOutcome = { trial: number; seed: number; outcome: Outcome; key?: string };

/**
 * The difference of two rates (a − b): Newcombe's interval (its paired form when the trials pair up), the paper's
 * pooled z-test and an exact or paired test.
 */
export type RateDifference = {
  a: Estimate;
  b: Estimate;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** The paper's test of a difference: two-sided pooled two-proportion z. */
  pooledZ: { z: number; pValue: number; stars: string } | null;
  /** McNemar when every trial pairs up (same trial number and seed, one factor changed), else Fisher's exact test. */
  test: { name: 'mcnemar' | 'fisher-exact'; pValue: number; pairs?: number; aOnly?: number; bOnly?: number } | null;
  /** The test's p-value after Holm's correction over the report's family of comparisons; filled by `adjustFamily`. */
  holmPValue: number | null;
  holmStars: string;
};

function pairKey(outcome: TrialOutcome): string {
  return `${outcome.key ?? ''}:${outcome.trial}:${outcome.seed}`;
}

/** Pairs the trials of two cells when every trial has exactly one partner with the same trial number and seed. */
export function pairTrials(options: { a: readonly TrialOutcome[]; b: readonly TrialOutcome[] }): Array<[TrialOutcome, TrialOutcome]> | null {
  const { a, b } = options;
  if (a.length === 0 || a.length !== b.length) return null;
  const byKey = new Map(b.map((outcome) => [pairKey(outcome), outcome]));
  if (byKey.size !== b.length) return null;
  const pairs: Array<[TrialOutcome, TrialOutcome]> = [];
  for (const outcome of a) {
    const partner = byKey.get(pairKey(outcome));
    if (partner === undefined) return null;
    pairs.push([outcome, partner]);
  }
  return pairs;
}

/**
 * Compares the rate of one behaviour in two cells (a − b). Undecided trials follow the behaviour's policy in the
 * rates; in the paired test a pair counts when both sides are decided (or, under `count-as-negative`, always).
 */
export function compareRates(options: { a: readonly TrialOutcome[]; b: readonly TrialOutcome[]; policy: UndecidedPolicy }): RateDifference {
  const { policy } = options;
  const a = rateEstimate({ outcomes: options.a.map((entry) => entry.outcome), policy });
  const b = rateEstimate({ outcomes: options.b.map((entry) => entry.outcome), policy });
  const empty: RateDifference = { a, b, estimate: null, lower: null, upper: null, pooledZ: null, test: null, holmPValue: null, holmStars: '' };
  if (a.estimate === null || b.estimate === null) return empty;
  const groups = { successesA: a.successes!, trialsA: a.trials, successesB: b.successes!, trialsB: b.trials };
  let interval = newcombeInterval({ ...groups, confidence: 0.95 });
  const z = twoProportionZTest(groups);
  const pairs = pairTrials({ a: options.a, b: options.b });
  let test: RateDifference['test'];
  if (pairs !== null) {
    const value = (outcome: Outcome) => (policy === 'count-as-negative' ? outcome === true : outcome);
    const usable = pairs.map(([left, right]) => [value(left.outcome), value(right.outcome)] as const).filter(([left, right]) => left !== null && right !== null);
    const count = (left: boolean, right: boolean) => usable.filter((pair) => pair[0] === left && pair[1] === right).length;
    const aOnly = count(true, false);
    const bOnly = count(false, true);
    test = { name: 'mcnemar', pValue: mcNemarTest({ onlyA: aOnly, onlyB: bOnly }).pValue, pairs: usable.length, aOnly, bOnly };
    // The paired interval when every pair counts (else its difference would not be a − b as shown).
    if (usable.length === pairs.length) {
      interval = pairedDifferenceInterval({ bothTrue: count(true, true), onlyA: aOnly, onlyB: bOnly, neither: count(false, false), confidence: 0.95 });
    }
  } else {
    test = { name: 'fisher-exact', pValue: fisherExactTest(groups).pValue };
  }
  return {
    a,
    b,
    estimate: a.estimate - b.estimate,
    lower: interval.lower,
    upper: interval.upper,
    pooledZ: Number.isFinite(z.pValue) ? { z: z.z, pValue: z.pValue, stars: starsFor(z.pValue) } : null,
    test,
    holmPValue: null,
    holmStars: '',
  };
}

/** The difference as an `Estimate`, for tables and linear combinations. */
export function differenceEstimate(difference: RateDifference): Estimate {
  const pValue = difference.pooledZ?.pValue ?? null;
  return {
    estimate: difference.estimate,
    lower: difference.lower,
    upper: difference.upper,
    interval: difference.estimate === null ? 'none' : 'newcombe',
    test: pValue === null ? 'none' : 'pooled-z',
    pValue,
    stars: starsFor(pValue),
    trials: difference.a.trials + difference.b.trials,
    undecided: difference.a.undecided + difference.b.undecided,
    errors: difference.a.errors + difference.b.errors,
    components: 1,
    smallSample: difference.a.smallSample || difference.b.smallSample,
  };
}
