import { UsageError } from '../util/index.ts';

/**
 * Holm's step-down adjustment of a family of p-values (R's `p.adjust(p, "holm")`): sorted ascending, the i-th
 * smallest (i from 0) becomes max over j ≤ i of min(1, (m − j)·p₍ⱼ₎), where m counts the finite p-values. The result
 * is in input order; non-finite entries (NaN: no test) are returned as they are and do not count in the family.
 *
 * @example holmAdjust({ pValues: [0.01, 0.04, 0.03, 0.005, 0.2] }) // [0.04, 0.09, 0.09, 0.025, 0.2]
 */
export function holmAdjust(options: { pValues: readonly number[] }): number[] {
  for (const pValue of options.pValues) {
    if (pValue < 0 || pValue > 1) throw new UsageError({ message: `holmAdjust: p-values must be between 0 and 1, got ${pValue}` });
  }
  const finite = options.pValues.map((pValue, index) => ({ pValue, index })).filter((entry) => Number.isFinite(entry.pValue));
  finite.sort((a, b) => a.pValue - b.pValue || a.index - b.index);
  const adjusted = [...options.pValues];
  const family = finite.length;
  let running = 0;
  finite.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (family - rank) * entry.pValue));
    adjusted[entry.index] = running;
  });
  return adjusted;
}
