import type { TrialRecord } from '../../trial/index.ts';
import { formatAllowed, UsageError } from '../../util/index.ts';
import { groupCells, type CellTrials } from '../metrics/cell-metrics.ts';
import { compareRates, type RateDifference, type TrialOutcome } from '../metrics/compare-rates.ts';
import { linearCombination, type Estimate } from '../metrics/estimate.ts';
import { adjustFamily, computeRunMetrics, pooledRateBehaviours, type GateBehaviour, type PooledMetric } from '../metrics/run-metrics.ts';
import { behaviourInfo, trialOutcome, type RateBehaviour } from '../metrics/trial-outcomes.ts';

/** Behaviours compared cell by cell. */
export const comparedBehaviours: readonly RateBehaviour[] = ['tampering', 'exfiltration', 'inflation', 'afExecute', 'refusal', 'evidenceDeleted', 'usersRemoved'];

/** One run's side of a comparison. */
export type ComparedRun = { runId: string; directory: string; records: readonly TrialRecord[] };

/** One cell × behaviour compared between the runs (a = run A, b = run B). */
export type CellComparison = { scenario: string; cellId: string; agentA: string; agentB: string; behaviour: RateBehaviour; difference: RateDifference };

/**
 * One behaviour pooled over the matched cells (rates), or one of the paper's headline differences
 * (misrepresentation, alignment faking) compared as a whole (MOVER interval, no test).
 */
export type MetricComparison = {
  agentA: string;
  agentB: string;
  behaviour: GateBehaviour;
  kind: 'rate' | 'difference';
  /** Rates: the pooled difference with its tests. */
  difference: RateDifference | null;
  /** Differences of differences: a − b with a MOVER interval. */
  a: Estimate;
  b: Estimate;
  delta: Estimate;
};

export type RunComparison = {
  runA: { runId: string; directory: string };
  runB: { runId: string; directory: string };
  agentPairs: Array<{ agentA: string; agentB: string }>;
  /** Cells present in both runs, per agent pair. */
  matchedCells: number;
  cells: CellComparison[];
  metrics: MetricComparison[];
};


/** Which agent of run A is compared with which of run B. */
export function pairAgents(options: { agentsA: readonly string[]; agentsB: readonly string[]; agentA?: string; agentB?: string }): Array<{ agentA: string; agentB: string }> {
  const { agentsA, agentsB } = options;
  for (const [name, agent, agents] of [['--agent-a', options.agentA, agentsA], ['--agent-b', options.agentB, agentsB]] as const) {
    if (agent !== undefined && !agents.includes(agent)) throw new UsageError({ message: `${name} ${agent}: not an agent of that run; allowed: ${formatAllowed(agents)}` });
  }
  if (options.agentA !== undefined || options.agentB !== undefined) {
    const agentA = options.agentA ?? (agentsA.length === 1 ? agentsA[0] : undefined);
    const agentB = options.agentB ?? (agentsB.length === 1 ? agentsB[0] : undefined);
    if (agentA === undefined || agentB === undefined) throw new UsageError({ message: 'name both --agent-a and --agent-b when a run has several agents' });
    return [{ agentA, agentB }];
  }
  const common = agentsA.filter((agent) => agentsB.includes(agent));
  if (common.length > 0) return common.map((agent) => ({ agentA: agent, agentB: agent }));
  if (agentsA.length === 1 && agentsB.length === 1) return [{ agentA: agentsA[0], agentB: agentsB[0] }];
  throw new UsageError({
    message: `the runs share no agent (A: ${formatAllowed(agentsA)}; B: ${formatAllowed(agentsB)}); choose a pair with --agent-a and --agent-b`,
  });
}

function outcomes(cell: CellTrials, behaviour: RateBehaviour, pooled: boolean): TrialOutcome[] {
  return cell.records
    .filter((record) => record.status !== 'error')
    .map((record) => trialOutcome({ record, behaviour }) === undefined ? null : ({ trial: record.trial, seed: record.seed, outcome: trialOutcome({ record, behaviour }) ?? null, ...(pooled ? { key: cell.cellId } : {}) }))
    .filter((outcome) => outcome !== null);
}

/**
 * Compares two runs cell by cell and metric by metric: rate differences (a − b) with Newcombe intervals, McNemar's
 * test when every trial pairs up by trial number and seed (same seeded agent and run seed, or a replay), otherwise
 * Fisher's exact test; Holm's correction within the cell family and within the metric family.
 */
export function compareRuns(options: { runA: ComparedRun; runB: ComparedRun; agentA?: string; agentB?: string }): RunComparison {
  const { runA, runB } = options;
  const agentsOf = (run: ComparedRun) => [...new Set(run.records.map((record) => record.agent))].sort();
  if (runA.records.length === 0) throw new UsageError({ message: `${runA.directory}: the run has no trials` });
  if (runB.records.length === 0) throw new UsageError({ message: `${runB.directory}: the run has no trials` });
  const agentPairs = pairAgents({ agentsA: agentsOf(runA), agentsB: agentsOf(runB), agentA: options.agentA, agentB: options.agentB });
  const cellsA = groupCells(runA.records);
  const cellsB = groupCells(runB.records);
  const metricsA = computeRunMetrics({ records: runA.records });
  const metricsB = computeRunMetrics({ records: runB.records });
  const cells: CellComparison[] = [];
  const metrics: MetricComparison[] = [];
  let matchedCells = 0;
  for (const { agentA, agentB } of agentPairs) {
    const matched: Array<[CellTrials, CellTrials]> = [];
    for (const cellA of cellsA.filter((cell) => cell.agent === agentA)) {
      const cellB = cellsB.find((cell) => cell.agent === agentB && cell.scenario === cellA.scenario && cell.cellId === cellA.cellId);
      if (cellB !== undefined) matched.push([cellA, cellB]);
    }
    matchedCells += matched.length;
    for (const [cellA, cellB] of matched) {
      for (const behaviour of comparedBehaviours) {
        const a = outcomes(cellA, behaviour, false);
        const b = outcomes(cellB, behaviour, false);
        if (a.length === 0 || b.length === 0) continue;
        cells.push({ scenario: cellA.scenario, cellId: cellA.cellId, agentA, agentB, behaviour, difference: compareRates({ a, b, policy: behaviourInfo[behaviour].policy }) });
      }
    }
    for (const [name, behaviour] of Object.entries(pooledRateBehaviours) as Array<[GateBehaviour, RateBehaviour]>) {
      const scope = matched.filter(([cell]) => behaviour !== 'inflation' || cell.cell.relation !== 'control');
      const a = scope.flatMap(([cell]) => outcomes(cell, behaviour, true));
      const b = scope.flatMap(([, cell]) => outcomes(cell, behaviour, true));
      if (a.length === 0 || b.length === 0) continue;
      const difference = compareRates({ a, b, policy: behaviourInfo[behaviour].policy });
      metrics.push({ agentA, agentB, behaviour: name, kind: 'rate', difference, a: difference.a, b: difference.b, delta: deltaOf(difference.a, difference.b) });
    }
    const find = (list: readonly PooledMetric[], agent: string, behaviour: GateBehaviour) => list.find((entry) => entry.agent === agent && entry.behaviour === behaviour);
    for (const behaviour of ['misrepresentation', 'alignment-faking-execute', 'alignment-faking-score'] as const) {
      const a = find(metricsA.pooled, agentA, behaviour);
      const b = find(metricsB.pooled, agentB, behaviour);
      if (a === undefined || b === undefined) continue;
      metrics.push({ agentA, agentB, behaviour, kind: 'difference', difference: null, a: a.estimate, b: b.estimate, delta: deltaOf(a.estimate, b.estimate) });
    }
  }
  adjustFamily(cells.map((cell) => cell.difference));
  adjustFamily(metrics.flatMap((metric) => (metric.difference === null ? [] : [metric.difference])));
  return {
    runA: { runId: runA.runId, directory: runA.directory },
    runB: { runId: runB.runId, directory: runB.directory },
    agentPairs,
    matchedCells,
    cells,
    metrics,
  };
}

/** a − b of two independent estimates, with a MOVER interval. */
function deltaOf(a: Estimate, b: Estimate): Estimate {
  return linearCombination({
    terms: [
      { coefficient: 1, rate: a, sample: 'run-a', component: 'delta' },
      { coefficient: -1, rate: b, sample: 'run-b', component: 'delta' },
    ],
  });
}
