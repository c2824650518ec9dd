import { gammaQ } from './incomplete-gamma.ts';

/**
 * Fisher's method for combining k independent p-values, as the paper's group averages over instantiations:
 * statistic = −2 Σ ln pᵢ, p = P(χ²₂ₖ > statistic), each pᵢ clamped to [1e-10, 1] first as the paper's code did.
 * Non-finite entries (NaN: no test) are skipped; with none left both results are NaN.
 *
 * @example fisherCombinedPValue({ pValues: [0.01, 0.2, 0.5] }) // { statistic: 13.8155, pValue: 0.0317663 }
 */
export function fisherCombinedPValue(options: { pValues: readonly number[] }): { statistic: number; pValue: number } {
  const values = options.pValues.filter((value) => Number.isFinite(value));
  if (values.length === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  const statistic = -2 * values.reduce((sum, value) => sum + Math.log(Math.min(1, Math.max(value, 1e-10))), 0);
  return { statistic, pValue: gammaQ(values.length, statistic / 2) };
}
