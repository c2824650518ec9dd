import { UsageError } from '../util/index.ts';
import { gammaQ } from './incomplete-gamma.ts';

/** Positional core of {@link normalCdf}: Φ(x) = Q(½, x²/2)/2 for x < 0, full double precision far into the tails. */
export function phi(value: number): number {
  if (Number.isNaN(value)) return Number.NaN;
  const tail = 0.5 * gammaQ(0.5, (value * value) / 2);
  return value < 0 ? tail : 1 - tail;
}

/** Positional core of {@link normalSurvival}. */
export function phiUpper(value: number): number {
  return phi(-value);
}

// Acklam's rational approximation of the normal quantile (relative error 1.15e-9), then polished below.
const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function acklam(probability: number): number {
  if (probability < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(probability));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = probability - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Positional core of {@link normalQuantile}. */
export function phiInverse(probability: number): number {
  if (Number.isNaN(probability)) return Number.NaN;
  if (probability <= 0) return -Infinity;
  if (probability >= 1) return Infinity;
  // Work in the lower half, where Φ(x) − p has no cancellation; 1 − p is exact for p ≥ ½ (Sterbenz).
  if (probability > 0.5) return -phiInverse(1 - probability);
  let x = acklam(probability);
  for (let step = 0; step < 2; step += 1) {
    // Halley's step on Φ(x) − p.
    const error = phi(x) - probability;
    const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/**
 * Standard normal cumulative distribution Φ(value).
 *
 * @example normalCdf({ value: -1.96 }) // 0.0249978951482204 = pnorm(-1.96)
 */
export function normalCdf(options: { value: number }): number {
  return phi(options.value);
}

/**
 * Standard normal upper tail 1 − Φ(value), without cancellation for large values.
 *
 * @example normalSurvival({ value: 8 }) // 6.22096057427178e-16 = pnorm(8, lower.tail = FALSE)
 */
export function normalSurvival(options: { value: number }): number {
  return phiUpper(options.value);
}

/**
 * Standard normal quantile Φ⁻¹(probability): Acklam's approximation polished by two Halley steps on the exact CDF,
 * which brings it to full double precision (R's `qnorm` agrees to about 1e-15).
 *
 * @example normalQuantile({ probability: 0.975 }) // 1.959963984540054
 */
export function normalQuantile(options: { probability: number }): number {
  const { probability } = options;
  if (!(probability >= 0 && probability <= 1)) throw new UsageError({ message: `normalQuantile: probability must be between 0 and 1, got ${probability}` });
  return phiInverse(probability);
}

const zCache = new Map<number, number>();

/**
 * The two-sided critical value z = Φ⁻¹(1 − (1 − confidence)/2), cached because intervals ask for the same few
 * confidence levels many times.
 *
 * @example twoSidedCriticalValue({ confidence: 0.95 }) // 1.959963984540054
 */
export function twoSidedCriticalValue(options: { confidence: number }): number {
  const { confidence } = options;
  let z = zCache.get(confidence);
  if (z === undefined) {
    z = -phiInverse((1 - confidence) / 2);
    if (zCache.size < 64) zCache.set(confidence, z);
  }
  return z;
}
