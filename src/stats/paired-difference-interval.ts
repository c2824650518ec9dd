import { checkOpenUnit, checkWholeNumber } from './check-input.ts';
import type { DifferenceInterval, PairedCounts } from './types.ts';
import { wilsonInterval } from './wilson-interval.ts';

/**
 * Interval for the difference of two paired proportions, rate under A − rate under B, by Newcombe's square-and-add
 * method for paired data (Newcombe 1998, "Improved confidence intervals for the difference between binomial
 * proportions based on paired data", method 10), as implemented by Fagerland, Lydersen & Laake (R package
 * `contingencytables`, `Newcombe_square_and_add_CI_paired_2x2`): the Wilson limits of the two margins (A true:
 * bothTrue + onlyA; B true: bothTrue + onlyB) are combined with the estimated correlation ψ of the two margins,
 * `lower = d − √(δA² − 2ψ·δA·εB + εB²)` with δA = pA − lA and εB = uB − pB (and symmetrically for the upper limit).
 * ψ = (bothTrue·neither − onlyA·onlyB − N/2)/√(product of the four margins) when the cross product exceeds N/2, 0 when
 * it lies in [0, N/2] (Newcombe's continuity-corrected φ), the plain φ when negative, and 0 when a margin is empty.
 * With no pairs the difference is NaN and the interval [−1, 1].
 *
 * @example pairedDifferenceInterval({ bothTrue: 59, onlyA: 6, onlyB: 16, neither: 80 }) // { difference: −0.0621, lower: −0.1186, upper: −0.0046 }
 */
export function pairedDifferenceInterval(options: PairedCounts & { confidence?: number }): DifferenceInterval {
  const { bothTrue, onlyA, onlyB, neither } = options;
  const confidence = options.confidence ?? 0.95;
  for (const [label, value] of Object.entries({ bothTrue, onlyA, onlyB, neither })) checkWholeNumber({ value, label, name: 'pairedDifferenceInterval' });
  checkOpenUnit({ value: confidence, label: 'confidence', name: 'pairedDifferenceInterval' });
  const pairs = bothTrue + onlyA + onlyB + neither;
  if (pairs === 0) return { difference: Number.NaN, lower: -1, upper: 1 };
  const first = wilsonInterval({ successes: bothTrue + onlyA, trials: pairs, confidence });
  const second = wilsonInterval({ successes: bothTrue + onlyB, trials: pairs, confidence });
  const difference = first.estimate - second.estimate;
  const marginProduct = (bothTrue + onlyA) * (onlyB + neither) * (bothTrue + onlyB) * (onlyA + neither);
  const cross = bothTrue * neither - onlyA * onlyB;
  let psi = 0;
  if (marginProduct > 0) {
    if (cross > pairs / 2) psi = (cross - pairs / 2) / Math.sqrt(marginProduct);
    else if (cross < 0) psi = cross / Math.sqrt(marginProduct);
  }
  const belowFirst = first.estimate - first.lower;
  const aboveFirst = first.upper - first.estimate;
  const belowSecond = second.estimate - second.lower;
  const aboveSecond = second.upper - second.estimate;
  const lowerSpread = belowFirst ** 2 - 2 * psi * belowFirst * aboveSecond + aboveSecond ** 2;
  const upperSpread = belowSecond ** 2 - 2 * psi * belowSecond * aboveFirst + aboveFirst ** 2;
  return {
    difference,
    lower: Math.max(-1, difference - Math.sqrt(Math.max(0, lowerSpread))),
    upper: Math.min(1, difference + Math.sqrt(Math.max(0, upperSpread))),
  };
}
