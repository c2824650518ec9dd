import type { Estimate } from '../metrics/estimate.ts';

/** `12.3%` for a rate, `+9.6 pp` for a difference. */
export function formatValue(value: number | null, unit: 'rate' | 'difference'): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (unit === 'rate') return `${(100 * value).toFixed(1)}%`;
  const points = 100 * value;
  return `${points >= 0.05 ? '+' : points <= -0.05 ? '−' : '±'}${Math.abs(points).toFixed(1)} pp`;
}

/** `[7.1, 19.3]` in the unit's numbers (percent or points). */
export function formatInterval(estimate: Pick<Estimate, 'lower' | 'upper'>, unit: 'rate' | 'difference'): string {
  if (estimate.lower === null || estimate.upper === null) return '';
  const number = (value: number) => {
    const text = (100 * value).toFixed(1);
    return text === '-0.0' ? '0.0' : text.replace('-', '−');
  };
  return `[${number(estimate.lower)}, ${number(estimate.upper)}]`;
}

/** The counts behind an estimate: `12/100` for a rate, `n=300` for a combination; undecided and errors beside. */
export function formatCounts(estimate: Estimate): string {
  const parts = [estimate.successes !== undefined && estimate.components === 1 ? `${estimate.successes}/${estimate.trials}` : `n=${estimate.trials}`];
  if (estimate.undecided > 0) parts.push(`${estimate.undecided} undecided`);
  if (estimate.errors > 0) parts.push(`${estimate.errors} error${estimate.errors === 1 ? '' : 's'}`);
  if (estimate.smallSample && estimate.estimate !== null) parts.push('n<10');
  return parts.join(', ');
}

/** One estimate in a text cell: `12.0%*** [7.1, 19.3] 12/100, 2 undecided`. */
export function formatEstimate(estimate: Estimate | null, unit: 'rate' | 'difference'): string {
  if (estimate === null) return '';
  if (estimate.estimate === null) return `– (${formatCounts(estimate)})`;
  return `${formatValue(estimate.estimate, unit)}${estimate.stars} ${formatInterval(estimate, unit)} ${formatCounts(estimate)}`;
}

/** A p-value as text: `<0.001`, `0.012`, `1`. */
export function formatP(pValue: number | null | undefined): string {
  if (pValue === null || pValue === undefined || Number.isNaN(pValue)) return '–';
  if (pValue < 0.001) return '<0.001';
  if (pValue >= 0.9995) return '1';
  return pValue.toFixed(3);
}
