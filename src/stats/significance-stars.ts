/**
 * The paper's significance stars: `***` for p < 0.001, `**` for p < 0.01, `*` for p < 0.05, else the empty string
 * (also for NaN).
 *
 * @example significanceStars({ pValue: 0.004 }) // '**'
 */
export function significanceStars(options: { pValue: number }): string {
  const { pValue } = options;
  if (pValue < 0.001) return '***';
  if (pValue < 0.01) return '**';
  if (pValue < 0.05) return '*';
  return '';
}
