import { checkPositive } from './check-input.ts';
import { gammaP, gammaQ } from './incomplete-gamma.ts';

/**
 * Lower tail P(X ≤ value) of the chi-square distribution with `degreesOfFreedom` degrees of freedom (R's `pchisq`).
 *
 * @example chiSquareCdf({ value: 0.5, degreesOfFreedom: 10 }) // 6.61171056103425e-06
 */
export function chiSquareCdf(options: { value: number; degreesOfFreedom: number }): number {
  checkPositive({ value: options.degreesOfFreedom, label: 'degreesOfFreedom', name: 'chiSquareCdf' });
  return gammaP(options.degreesOfFreedom / 2, options.value / 2);
}

/**
 * Upper tail P(X > value) of the chi-square distribution, the p-value of a χ² statistic (R's
 * `pchisq(value, df, lower.tail = FALSE)`), computed directly in the tail.
 *
 * @example chiSquareSurvival({ value: 3.2, degreesOfFreedom: 1 }) // 0.0736382701203028
 */
export function chiSquareSurvival(options: { value: number; degreesOfFreedom: number }): number {
  checkPositive({ value: options.degreesOfFreedom, label: 'degreesOfFreedom', name: 'chiSquareSurvival' });
  return gammaQ(options.degreesOfFreedom / 2, options.value / 2);
}
