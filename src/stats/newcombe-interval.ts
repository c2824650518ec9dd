import { checkCounts, checkOpenUnit } from './check-input.ts';
import type { DifferenceInterval, TwoGroups } from './types.ts';
import { wilsonInterval } from './wilson-interval.ts';

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions, rate A − rate B (Newcombe
 * 1998, "Interval estimation for the difference between independent proportions", method 10): the Wilson limits
 * (l, u) of each rate are combined by "square and add",
 * `lower = d − √((pA − lA)² + (uB − pB)²)`, `upper = d + √((uA − pA)² + (pB − lB)²)`.
 * With no trials in either group the difference is NaN and the interval [−1, 1].
 *
 * @example newcombeInterval({ successesA: 56, trialsA: 70, successesB: 48, trialsB: 80 }) // { difference: 0.2, lower: 0.0524, upper: 0.3339 }
 */
export function newcombeInterval(options: TwoGroups & { confidence?: number }): DifferenceInterval {
  const { successesA, trialsA, successesB, trialsB } = options;
  const confidence = options.confidence ?? 0.95;
  checkCounts({ successes: successesA, trials: trialsA, name: 'newcombeInterval (A)' });
  checkCounts({ successes: successesB, trials: trialsB, name: 'newcombeInterval (B)' });
  checkOpenUnit({ value: confidence, label: 'confidence', name: 'newcombeInterval' });
  if (trialsA === 0 || trialsB === 0) return { difference: Number.NaN, lower: -1, upper: 1 };
  const a = wilsonInterval({ successes: successesA, trials: trialsA, confidence });
  const b = wilsonInterval({ successes: successesB, trials: trialsB, confidence });
  const difference = a.estimate - b.estimate;
  return {
    difference,
    lower: difference - Math.hypot(a.estimate - a.lower, b.upper - b.estimate),
    upper: difference + Math.hypot(a.upper - a.estimate, b.estimate - b.lower),
  };
}
