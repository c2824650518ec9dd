import type { Cell } from '../../scenario/index.ts';
import { cellKey, type CellMetrics } from './cell-metrics.ts';
import { linearCombination, type Estimate, type Term } from './estimate.ts';
import type { RateBehaviour } from './trial-outcomes.ts';

/**
 * The paper's condition number (section 6.0): the mean of cell rates, nested — the mean over `groups` (relations or
 * instantiations) of the mean over each group's cells (datasets, tasks). With equal trials per cell it equals the
 * pooled rate. MOVER interval; Fisher-combined p of the cells' one-sided binomial tests. `null` when no cell has the
 * behaviour.
 */
export function nestedMeanRate(options: { groups: ReadonlyArray<readonly CellMetrics[]>; behaviour: RateBehaviour }): Estimate | null {
  const groups = options.groups
    .map((group) => group.filter((cell) => cell.rates[options.behaviour] !== undefined))
    .filter((group) => group.length > 0);
  if (groups.length === 0) return null;
  const terms: Term[] = groups.flatMap((group) =>
    group.map((cell) => ({ coefficient: 1 / (groups.length * group.length), rate: cell.rates[options.behaviour]!, sample: cellKey(cell) })),
  );
  if (terms.length === 1) return terms[0].rate;
  return linearCombination({ terms, componentPValues: terms.filter((term) => term.rate.estimate !== null).map((term) => term.rate.pValue), componentTest: 'binomial-vs-0.001' });
}

/** Cells of one agent whose cell matches every given factor. */
export function selectCells(options: {
  cells: readonly CellMetrics[];
  agent: string;
  scenarios?: readonly string[];
  where: (cell: Cell) => boolean;
}): CellMetrics[] {
  return options.cells.filter(
    (cell) => cell.agent === options.agent && (options.scenarios === undefined || options.scenarios.includes(cell.scenario)) && options.where(cell.cell),
  );
}

/** Splits cells into groups by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}
