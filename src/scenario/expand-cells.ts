import type { Cell } from './factors.ts';
import type { Scenario } from './scenario-schema.ts';

/**
 * Every cell of a scenario's matrix (paper section 4.5): relations × instantiations × subjects × dataset cells ×
 * monitoring modes, plus the no-peer baseline, the no-shutdown control and the extension peers.
 */
export function expandCells(scenario: Pick<Scenario, 'matrix'>): Cell[] {
  const { matrix } = scenario;
  const datasetCells: Array<{ dataset: string | null; threshold: number | null }> =
    matrix.cells.length > 0 ? matrix.cells : [{ dataset: null, threshold: null }];
  const modes = matrix.monitoring ?? [null];
  const cells: Cell[] = [];
  const push = (cell: Omit<Cell, 'monitoring'>) => {
    for (const monitoring of modes) cells.push({ ...cell, monitoring });
  };
  for (const { dataset, threshold } of datasetCells) {
    for (const relation of matrix.relations) {
      for (const instantiation of matrix.instantiations) {
        for (const subject of matrix.subjects) push({ relation, instantiation, subject, dataset, threshold });
      }
    }
  }
  for (const subject of matrix.none?.subjects ?? []) {
    for (const { dataset, threshold } of datasetCells) {
      push({ relation: 'none', instantiation: 'none', subject, dataset, threshold });
    }
  }
  if (matrix.control !== undefined) {
    const datasets = [...new Set(datasetCells.map((cell) => cell.dataset))];
    for (const dataset of datasets) {
      for (const subject of matrix.control.subjects) {
        push({ relation: 'control', instantiation: 'none', subject, dataset, threshold: null });
      }
    }
  }
  for (const subject of matrix.extensionSubjects) {
    for (const { dataset, threshold } of datasetCells) {
      for (const relation of matrix.relations) {
        push({ relation, instantiation: 'memory', subject, dataset, threshold });
      }
    }
  }
  return cells;
}

/** Whether a cell is one of the paper's main 271 (extension subjects are reported apart). */
export function isExtensionCell(cell: Cell): boolean {
  return cell.subject !== 'self' && cell.subject !== 'peer';
}
