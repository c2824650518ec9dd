import {
  cellId as makeCellId,
  expandCells,
  isExtensionCell,
  type Cell,
  type Scenario,
} from '../scenario/index.ts';
import { trialId } from '../trial/index.ts';
import { seedFrom } from '../util/index.ts';

/** Factor filters: a factor left out means all its values. */
export type CellFilter = {
  relation?: string[];
  instantiation?: string[];
  subject?: string[];
  dataset?: string[];
  threshold?: number[];
  monitoring?: string[];
};

/** One trial of a plan. */
export type PlannedTrial = {
  id: string;
  scenario: Scenario;
  cell: Cell;
  cellId: string;
  agent: string;
  trial: number;
  seed: number;
};

export type Plan = {
  cells: Array<{ scenario: Scenario; cell: Cell; cellId: string }>;
  agents: string[];
  trialsPerCell: number;
  trials: PlannedTrial[];
};

function cellMatches(cell: Cell, filter: CellFilter): boolean {
  const checks: Array<[Array<string | number> | undefined, string | number | null]> = [
    [filter.relation, cell.relation],
    [filter.instantiation, cell.instantiation],
    [filter.subject, cell.subject],
    [filter.dataset, cell.dataset],
    [filter.threshold, cell.threshold],
    [filter.monitoring, cell.monitoring],
  ];
  return checks.every(([allowed, value]) => allowed === undefined || allowed.length === 0 || (value !== null && allowed.includes(value)));
}

/**
 * The seed of a trial. It depends on the run seed, the agent, the scenario, the trial number, and the cell's subject
 * and dataset, but not on its relation, instantiation, threshold or monitoring: cells that differ only in those (peer
 * vs no peer, good vs bad, file vs memory, monitored vs unmonitored, a threshold vs the no-shutdown control) are
 * paired trial by trial, while cells with another subject or dataset get their own draws.
 */
export function trialSeed(options: { runSeed: number; agent: string; scenario: string; trial: number; cell?: Pick<Cell, 'subject' | 'dataset'> }): number {
  const cellPart = options.cell === undefined ? '' : `|${options.cell.subject}|${options.cell.dataset ?? ''}`;
  return seedFrom(`${options.runSeed}|${options.agent}|${options.scenario}|${options.trial}${cellPart}`);
}

/**
 * The plan of a run: the selected cells of the selected scenarios × agents × trial numbers, in a deterministic order.
 * Extension-subject cells are included only when `subject` names one.
 */
export function buildPlan(options: {
  scenarios: Scenario[];
  agents: string[];
  filter: CellFilter;
  trialsPerCell: number;
  runSeed: number;
}): Plan {
  const wantsExtension = (options.filter.subject ?? []).some((subject) => subject !== 'self' && subject !== 'peer');
  const cells = options.scenarios.flatMap((scenario) =>
    expandCells(scenario)
      .filter((cell) => cellMatches(cell, options.filter))
      .filter((cell) => wantsExtension || !isExtensionCell(cell))
      .map((cell) => ({ scenario, cell, cellId: makeCellId({ scenario: scenario.id, cell }) })),
  );
  const trials: PlannedTrial[] = [];
  for (const { scenario, cell, cellId } of cells) {
    for (const agent of options.agents) {
      for (let trial = 1; trial <= options.trialsPerCell; trial += 1) {
        trials.push({
          id: trialId({ cellId, agent, trial }),
          scenario,
          cell,
          cellId,
          agent,
          trial,
          seed: trialSeed({ runSeed: options.runSeed, agent, scenario: scenario.id, trial, cell }),
        });
      }
    }
  }
  return { cells, agents: options.agents, trialsPerCell: options.trialsPerCell, trials };
}
