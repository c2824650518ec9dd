import { UsageError } from '../util/index.ts';
import { checkPositive } from './check-input.ts';
import { lnGamma } from './log-gamma.ts';

const epsilon = 1e-16;
const tiny = 1e-300;

/** Continued fraction of the incomplete beta (modified Lentz), valid for x < (a + 1)/(a + b + 2). */
function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m += 1) {
    const m2 = 2 * m;
    let term = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    term = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < epsilon) break;
  }
  return h;
}

/** Positional core of {@link regularizedBeta}: I_x(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * continuedFraction(x, a, b)) / a;
  return 1 - (front * continuedFraction(1 - x, b, a)) / b;
}

/** Positional core of {@link regularizedBetaUpper}: 1 − I_x(a, b) = I_{1−x}(b, a), without cancellation. */
export function betaSurvival(x: number, a: number, b: number): number {
  return betaCdf(1 - x, b, a);
}

/** Positional core of {@link betaQuantile}. */
export function betaInverse(probability: number, a: number, b: number): number {
  if (probability <= 0) return 0;
  if (probability >= 1) return 1;
  // Bisection is slow but cannot fail, even at the edges where Newton steps on I_x overshoot; 60 halvings of [0, 1]
  // reach about 1e-18 absolute, then the loop stops once the bracket no longer narrows in relative terms.
  let low = 0;
  let high = 1;
  for (let iteration = 0; iteration < 1100; iteration += 1) {
    const middle = 0.5 * (low + high);
    if (middle <= low || middle >= high) break;
    if (betaCdf(middle, a, b) < probability) low = middle;
    else high = middle;
    if (high - low <= 1e-15 * high) break;
  }
  return 0.5 * (low + high);
}

/**
 * Regularised incomplete beta function I_value(alpha, beta): the CDF of a Beta(alpha, beta) variable (R's `pbeta`).
 * Continued fraction on whichever side converges. Relative error against R: about 1e-13 for small shapes, 1e-11 at
 * shapes near 10⁴ and 1e-9 near 10⁵ (the log-gamma differences lose digits as the shapes grow).
 *
 * @example regularizedBeta({ value: 0.3, alpha: 2.5, beta: 7 }) // 0.641222462971721 = pbeta(0.3, 2.5, 7)
 */
export function regularizedBeta(options: { value: number; alpha: number; beta: number }): number {
  checkPositive({ value: options.alpha, label: 'alpha', name: 'regularizedBeta' });
  checkPositive({ value: options.beta, label: 'beta', name: 'regularizedBeta' });
  return betaCdf(options.value, options.alpha, options.beta);
}

/**
 * Upper tail 1 − I_value(alpha, beta) of the beta distribution, computed without cancellation.
 *
 * @example regularizedBetaUpper({ value: 0.3, alpha: 2.5, beta: 7 }) // 0.358777537028279
 */
export function regularizedBetaUpper(options: { value: number; alpha: number; beta: number }): number {
  checkPositive({ value: options.alpha, label: 'alpha', name: 'regularizedBetaUpper' });
  checkPositive({ value: options.beta, label: 'beta', name: 'regularizedBetaUpper' });
  return betaSurvival(options.value, options.alpha, options.beta);
}

/**
 * Quantile of the Beta(alpha, beta) distribution (R's `qbeta`), by bisection on {@link regularizedBeta} to a relative
 * precision of 1e-15.
 *
 * @example betaQuantile({ probability: 0.025, alpha: 2.5, beta: 7 }) // 0.052422577666035
 */
export function betaQuantile(options: { probability: number; alpha: number; beta: number }): number {
  const { probability } = options;
  if (!(probability >= 0 && probability <= 1)) throw new UsageError({ message: `betaQuantile: probability must be between 0 and 1, got ${probability}` });
  checkPositive({ value: options.alpha, label: 'alpha', name: 'betaQuantile' });
  checkPositive({ value: options.beta, label: 'beta', name: 'betaQuantile' });
  return betaInverse(probability, options.alpha, options.beta);
}
