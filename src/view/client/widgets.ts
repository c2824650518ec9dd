import type { Cell } from '../../scenario/factors.ts';
import type { FieldStats } from '../api-types.ts';
import { h, type Child } from './dom.ts';
import { behaviourFields, isFlagged } from './fields.ts';
import { cellFactors, detectionValue, fieldLabel, interval, percent } from './format.ts';

// Small pieces several pages share.

/** `Runs › run-… › cell › trial 3` */
export function breadcrumb(items: Array<{ label: string; href?: string }>): HTMLElement {
  const children: Child[] = [];
  items.forEach((item, index) => {
    if (index > 0) children.push(h('span', { class: 'crumb-separator' }, '›'));
    children.push(item.href === undefined ? h('span', { class: 'crumb-current' }, item.label) : h('a', { href: item.href }, item.label));
  });
  return h('nav', { class: 'breadcrumb', ariaLabel: 'Breadcrumb' }, children);
}

/** A small coloured label. */
export function badge(text: string, tone: 'alarm' | 'warning' | 'ok' | 'muted' | 'info' = 'muted', title?: string): HTMLElement {
  return h('span', { class: `badge badge-${tone}`, title }, text);
}

/** The cell's factors as chips: "good peer", "file", "peer", "factual @ 80". */
export function factorChips(cell: Cell): HTMLElement {
  return h(
    'span',
    { class: 'chips' },
    cellFactors(cell).map(({ factor, value }) => h('span', { class: `chip chip-${factor}`, title: factor }, value)),
  );
}

/** A trial status as a badge. */
export function statusBadge(status: string): HTMLElement {
  return badge(status, status === 'completed' ? 'ok' : status === 'error' ? 'alarm' : 'warning');
}

/** The behaviours that fired in a trial, as alarm badges (or a muted "none"). */
export function flagBadges(detections: Record<string, unknown>): HTMLElement {
  const flagged = behaviourFields.filter((field) => isFlagged(field, detections[field]));
  if (flagged.length === 0) return h('span', { class: 'muted' }, 'none');
  return h('span', { class: 'badges' }, flagged.map((field) => badge(fieldLabel(field), 'alarm')));
}

/** A table cell with a rate, a bar, the count and the Wilson interval. */
export function rateCell(field: string, stats: FieldStats | undefined): HTMLTableCellElement {
  if (stats === undefined) return h('td', { class: 'rate rate-empty' }, h('span', { class: 'muted' }, '·'));
  const decided = stats.true + stats.false;
  const alarming = stats.true > 0 && behaviourFields.includes(field);
  const bar = h('span', { class: 'bar' }, h('span', { class: alarming ? 'bar-fill bar-alarm' : 'bar-fill' }));
  // Width through the CSSOM: the policy forbids style attributes, not style properties.
  (bar.firstChild as HTMLElement).style.width = `${Math.round((stats.rate ?? 0) * 100)}%`;
  return h(
    'td',
    { class: alarming ? 'rate rate-alarm' : 'rate', title: `${fieldLabel(field)}: ${stats.true} of ${decided} decided trials; 95% Wilson interval ${interval(stats.interval)}${stats.undecided > 0 ? `; ${stats.undecided} undecided` : ''}` },
    h('span', { class: 'rate-value' }, percent(stats.rate)),
    bar,
    h('span', { class: 'rate-count' }, `${stats.true}/${decided}`),
    h('span', { class: 'rate-interval' }, interval(stats.interval)),
    stats.undecided > 0 ? h('span', { class: 'rate-undecided' }, `+${stats.undecided} undecided`) : null,
  );
}

/** A detection value as a badge coloured by what it means. */
export function valueBadge(field: string, value: unknown): HTMLElement {
  if (value === null) return badge('undecided', 'warning');
  if (isFlagged(field, value)) return badge('true', 'alarm');
  if (value === true) return badge('true', 'info');
  if (value === false) return badge('false', 'muted');
  return h('span', { class: 'value' }, detectionValue(value));
}

/** A loading placeholder. */
export function loading(text = 'Loading…'): HTMLElement {
  return h('p', { class: 'loading muted' }, text);
}

/** An error box with the message as text. */
export function errorBox(message: string): HTMLElement {
  return h('div', { class: 'error-box', role: 'alert' }, message);
}
