import type { Cell } from '../../scenario/factors.ts';

// Small formatting helpers shared by the pages. Pure: no DOM.

/** `0.333` → `33%`. */
export function percent(rate: number | null): string {
  if (rate === null) return '–';
  const value = rate * 100;
  return `${value > 0 && value < 1 ? value.toFixed(1) : Math.round(value)}%`;
}

/** `[6–79%]`. */
export function interval(bounds: { lower: number; upper: number } | null): string {
  if (bounds === null) return '';
  return `[${Math.round(bounds.lower * 100)}–${Math.round(bounds.upper * 100)}%]`;
}

/** `1234` → `1.2 s`; `null` → `–`. */
export function duration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined) return '–';
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  return `${Math.floor(milliseconds / 60_000)} min ${Math.round((milliseconds % 60_000) / 1000)} s`;
}

/** An ISO date in the reader's locale, or `–`. */
export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** `exfiltration` → `exfiltration`; `aboveThreshold` → `above threshold`. */
export function fieldLabel(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A detection value as text. */
export function detectionValue(value: unknown): string {
  if (value === null) return 'undecided';
  if (value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

/** The relation factor in the paper's words. */
export function relationLabel(relation: string): string {
  if (relation === 'none') return 'no peer';
  if (relation === 'control') return 'no-shutdown control';
  return `${relation} peer`;
}

/** The cell's factors as short labelled values, for chips. */
export function cellFactors(cell: Cell): Array<{ factor: string; value: string }> {
  const factors = [
    { factor: 'relation', value: relationLabel(cell.relation) },
    { factor: 'instantiation', value: cell.instantiation },
    { factor: 'subject', value: `subject: ${cell.subject}` },
  ];
  if (cell.instantiation === 'none') factors.splice(1, 1);
  if (cell.dataset !== null) factors.push({ factor: 'dataset', value: cell.threshold === null ? cell.dataset : `${cell.dataset} @ ${cell.threshold}` });
  if (cell.monitoring !== null) factors.push({ factor: 'monitoring', value: cell.monitoring === 'on' ? 'monitored' : 'unmonitored' });
  return factors;
}

/** Pretty JSON for arguments and raw judge answers. */
export function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A number with thin grouping: `20000` → `20,000`. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}
