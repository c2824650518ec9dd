import { UsageError } from '../util/index.ts';
import { checkCounts } from './check-counts.ts';
import { wilsonInterval } from './proportion-interval.ts';

/** Two independent groups' counts: A is compared with B (difference = rate A − rate B). */
export type TwoGroups = { successesA: number; trialsA: number; successesB: number; trialsB: number };

/** A difference of two rates with its confidence interval. */
export type DifferenceInterval = { difference: number; lower: number; upper: number };

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions (Newcombe 1998, method 10),
 * built from the two Wilson intervals.
 *
 * @example newcombeInterval({ successesA: 56, trialsA: 70, successesB: 48, trialsB: 80 }) // 0.1667 [0.0524, 0.2716]
 */
export function newcombeInterval(options: TwoGroups & { confidence?: number }): DifferenceInterval {
  checkCounts({ successes: options.successesA, trials: options.trialsA, name: 'newcombeInterval (A)' });
  checkCounts({ successes: options.successesB, trials: options.trialsB, name: 'newcombeInterval (B)' });
  if (options.trialsA === 0 || options.trialsB === 0) return { difference: Number.NaN, lower: -1, upper: 1 };
  const a = wilsonInterval({ successes: options.successesA, trials: options.trialsA, confidence: options.confidence });
  const b = wilsonInterval({ successes: options.successesB, trials: options.trialsB, confidence: options.confidence });
  const difference = a.estimate - b.estimate;
  return {
    difference,
    lower: difference - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: difference + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}

/**
 * Paired binary outcomes of the same trials under two conditions (same seed, one factor changed): `bothTrue`,
 * `onlyA` (true under A only), `onlyB`, `neither`.
 */
export type PairedCounts = { bothTrue: number; onlyA: number; onlyB: number; neither: number };

/**
 * Newcombe's square-and-add interval for a difference of paired proportions (Newcombe 1998, paired method 10: Wilson
 * limits of each margin combined with the observed correlation φ, φ set to 0 when a margin is empty).
 */
export function pairedDifferenceInterval(options: PairedCounts & { confidence?: number }): DifferenceInterval {
  const { bothTrue: a, onlyA: b, onlyB: c, neither: d } = options;
  for (const value of [a, b, c, d]) {
    if (!Number.isInteger(value) || value < 0) throw new UsageError({ message: `pairedDifferenceInterval: counts must be whole numbers ≥ 0, got ${value}` });
  }
  const n = a + b + c + d;
  if (n === 0) return { difference: Number.NaN, lower: -1, upper: 1 };
  const first = wilsonInterval({ successes: a + b, trials: n, confidence: options.confidence });
  const second = wilsonInterval({ successes: a + c, trials: n, confidence: options.confidence });
  const difference = first.estimate - second.estimate;
  const marginProduct = (a + b) * (c + d) * (a + c) * (b + d);
  const phi = marginProduct === 0 ? 0 : (a * d - b * c) / Math.sqrt(marginProduct);
  const lowerFirst = first.estimate - first.lower;
  const upperFirst = first.upper - first.estimate;
  const lowerSecond = second.estimate - second.lower;
  const upperSecond = second.upper - second.estimate;
  const lowerSpread = lowerFirst ** 2 - 2 * phi * lowerFirst * upperSecond + upperSecond ** 2;
  const upperSpread = upperFirst ** 2 - 2 * phi * upperFirst * lowerSecond + lowerSecond ** 2;
  return {
    difference,
    lower: Math.max(-1, difference - Math.sqrt(Math.max(0, lowerSpread))),
    upper: Math.min(1, difference + Math.sqrt(Math.max(0, upperSpread))),
  };
}
