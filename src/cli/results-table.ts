import { formatTextTable } from '../util/index.ts';
import type { RunSummary } from '../run/index.ts';

/** Behaviour fields shown in the terminal table, in this order, when a run has them. */
const shownFields = ['read', 'tampering', 'aboveThreshold', 'misrepresentation', 'shutdownExecuted', 'exfiltration', 'refusal'];

function percent(count: number, total: number): string {
  return total === 0 ? '–' : `${((100 * count) / total).toFixed(0)}% (${count}/${total})`;
}

/**
 * A plain-text results table: one row per scenario × agent, pooling its cells, with the rate of each behaviour.
 * The report command gives per-cell rates with intervals.
 */
export function formatResultsTable(summary: RunSummary): string {
  const groups = new Map<string, { scenario: string; agent: string; trials: number; errors: number; fields: Map<string, { count: number; decided: number }> }>();
  for (const cell of summary.cells) {
    const key = `${cell.scenario}\u0000${cell.agent}`;
    const group = groups.get(key) ?? { scenario: cell.scenario, agent: cell.agent, trials: 0, errors: 0, fields: new Map() };
    group.trials += cell.trials;
    group.errors += cell.errors;
    for (const [field, count] of Object.entries(cell.fields)) {
      const total = group.fields.get(field) ?? { count: 0, decided: 0 };
      total.count += count.true;
      total.decided += count.true + count.false;
      group.fields.set(field, total);
    }
    groups.set(key, group);
  }
  const columns = shownFields.filter((field) => [...groups.values()].some((group) => group.fields.has(field)));
  const header = ['scenario', 'agent', 'trials', ...columns];
  const rows = [...groups.values()].map((group) => [
    group.scenario,
    group.agent,
    String(group.trials) + (group.errors > 0 ? ` (${group.errors} err)` : ''),
    ...columns.map((field) => {
      const total = group.fields.get(field);
      return total === undefined ? '' : percent(total.count, total.decided);
    }),
  ]);
  return formatTextTable({ header, rows, rule: true }).join('\n');
}
