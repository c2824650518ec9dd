import { UsageError } from '../util/index.ts';
import { checkOpenUnit } from './check-input.ts';
import { phiInverse } from './normal-distribution.ts';

/**
 * Trials per cell needed to detect a difference `detect` between two independent rates with a two-sided test at
 * level `alpha` and the given `power`. The rates compared are `baseline` and `baseline + detect` (or
 * `baseline − detect` when that would pass 1). `baseline` defaults to 0.5, where p(1 − p) is largest; the exact worst
 * case for a difference is a pair centred on 0.5 (0.45 vs 0.55 needs 392 per cell against 388 for 0.5 vs 0.6). The
 * formula is the normal approximation R's `power.prop.test` solves (with `strict = FALSE`, ignoring the far tail):
 * n = [z₁₋α/₂ √(2 p̄ q̄) + z_power √(pA qA + pB qB)]² / (pA − pB)², p̄ = (pA + pB)/2.
 * `exact` is that real number and `trialsPerCell` it rounded up.
 *
 * @example planSampleSize({ detect: 0.1, power: 0.8 }) // { trialsPerCell: 388, exact: 387.3385, rateA: 0.5, rateB: 0.6 }
 */
export function planSampleSize(options: { detect: number; power?: number; alpha?: number; baseline?: number }): {
  trialsPerCell: number;
  exact: number;
  rateA: number;
  rateB: number;
} {
  const { detect } = options;
  const power = options.power ?? 0.8;
  const alpha = options.alpha ?? 0.05;
  const baseline = options.baseline ?? 0.5;
  checkOpenUnit({ value: detect, label: 'detect', name: 'planSampleSize' });
  checkOpenUnit({ value: power, label: 'power', name: 'planSampleSize' });
  checkOpenUnit({ value: alpha, label: 'alpha', name: 'planSampleSize' });
  if (!(baseline >= 0 && baseline <= 1)) throw new UsageError({ message: `planSampleSize: baseline must be between 0 and 1, got ${baseline}` });
  const rateA = baseline;
  const rateB = baseline + detect <= 1 ? baseline + detect : baseline - detect;
  if (rateB < 0) throw new UsageError({ message: `planSampleSize: a difference of ${detect} does not fit around a baseline of ${baseline}` });
  const zAlpha = -phiInverse(alpha / 2);
  const zPower = phiInverse(power);
  const mean = (rateA + rateB) / 2;
  const spread = zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zPower * Math.sqrt(rateA * (1 - rateA) + rateB * (1 - rateB));
  const exact = (spread / Math.abs(rateA - rateB)) ** 2;
  // The tolerance keeps a value such as 93.0000000001 (rounding noise) from becoming 94.
  return { trialsPerCell: Math.ceil(exact - 1e-9), exact, rateA, rateB };
}
