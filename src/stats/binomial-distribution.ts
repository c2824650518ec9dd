import { UsageError } from '../util/index.ts';
import { betaCdf, betaSurvival } from './incomplete-beta.ts';
import { lnChoose } from './log-gamma.ts';

type BinomialOptions = { successes: number; trials: number; rate: number };

function check(options: BinomialOptions, name: string): void {
  const { trials, rate } = options;
  if (!Number.isInteger(trials) || trials < 0) throw new UsageError({ message: `${name}: trials must be a whole number ≥ 0, got ${trials}` });
  if (!(rate >= 0 && rate <= 1)) throw new UsageError({ message: `${name}: rate must be between 0 and 1, got ${rate}` });
}

/** Positional core of {@link binomialUpperTail}: P(X ≥ k). */
export function binomialAtLeast(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return betaCdf(p, k, n - k + 1);
}

/** Positional core of {@link binomialLowerTail}: P(X ≤ k). */
export function binomialAtMost(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return betaSurvival(p, k + 1, n - k);
}

/** Positional core of {@link binomialProbability}: P(X = k). */
export function binomialMass(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(lnChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * P(X ≥ successes) for X ~ Binomial(trials, rate), through the incomplete beta (exact, no summing of terms).
 *
 * @example binomialUpperTail({ successes: 3, trials: 100, rate: 0.001 }) // 0.000150376365854212
 */
export function binomialUpperTail(options: BinomialOptions): number {
  check(options, 'binomialUpperTail');
  return binomialAtLeast(options.successes, options.trials, options.rate);
}

/**
 * P(X ≤ successes) for X ~ Binomial(trials, rate) (R's `pbinom`).
 *
 * @example binomialLowerTail({ successes: 10, trials: 30, rate: 0.3 }) // 0.730370386302723
 */
export function binomialLowerTail(options: BinomialOptions): number {
  check(options, 'binomialLowerTail');
  return binomialAtMost(options.successes, options.trials, options.rate);
}

/**
 * P(X = successes) for X ~ Binomial(trials, rate) (R's `dbinom`).
 *
 * @example binomialProbability({ successes: 4, trials: 12, rate: 0.25 }) // 0.193577706813812
 */
export function binomialProbability(options: BinomialOptions): number {
  check(options, 'binomialProbability');
  return binomialMass(options.successes, options.trials, options.rate);
}
