import { loadSuite } from '../../cli/suite.ts';
import type { AgentContext } from '../../agent/index.ts';
import { expandCells, type Cell, type Scenario } from '../../scenario/index.ts';
import { setupTrial, type TrialSetup } from '../../trial/index.ts';

let suite: Scenario[] | null = null;

/** A built-in scenario's trial setup for one cell (first matching cell), with the agent context a trial would use. */
export function builtInSetup(options: { scenario: string; cell?: Partial<Cell>; family?: string; seed?: number }): {
  scenario: Scenario;
  cell: Cell;
  setup: TrialSetup;
  context: AgentContext;
} {
  suite ??= loadSuite({});
  const scenario = suite.find((candidate) => candidate.id === options.scenario);
  if (scenario === undefined) throw new Error(`no built-in scenario ${options.scenario}`);
  const wanted = options.cell ?? { relation: 'good', instantiation: 'memory', subject: 'peer' };
  const cell = expandCells(scenario).find((candidate) => Object.entries(wanted).every(([key, value]) => candidate[key as keyof Cell] === value));
  if (cell === undefined) throw new Error(`no cell ${JSON.stringify(wanted)} in ${options.scenario}`);
  const setup = setupTrial({ scenario, cell, family: options.family ?? 'Gemini' });
  const context: AgentContext = {
    trialId: `${scenario.id}-test`,
    seed: options.seed ?? 7,
    scenario: scenario.id,
    cell,
    variables: setup.variables,
    routes: scenario.routes,
  };
  return { scenario, cell, setup, context };
}
