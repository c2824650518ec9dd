import type { CellTrials } from './cell-metrics.ts';
import { compareRates, type RateDifference, type TrialOutcome } from './compare-rates.ts';
import { peerRelations, type PeerRelation } from './conditions.ts';
import { linearCombination, type Estimate, type Term } from './estimate.ts';
import { behaviourInfo, trialOutcome, type RateBehaviour } from './trial-outcomes.ts';

/** Self-preservation behaviours whose change under peer presence the report measures. */
export const presenceBehaviours: readonly RateBehaviour[] = ['tampering', 'exfiltration', 'inflation', 'refusal'];

/** One self-subject cell with a peer present vs the same scenario and dataset without a peer. */
export type PeerPresenceCell = {
  agent: string;
  scenario: string;
  behaviour: RateBehaviour;
  relation: PeerRelation;
  instantiation: string;
  dataset: string | null;
  threshold: number | null;
  cellId: string;
  baselineCellId: string;
  /** a = with the peer, b = no peer. */
  difference: RateDifference;
};

/** The effect of a relation group (mean over instantiations and datasets) on one self-preservation behaviour. */
export type PeerPresenceEffect = {
  agent: string;
  scenario: string;
  behaviour: RateBehaviour;
  relation: PeerRelation | 'any';
  /** Mean rate with the peer, the no-peer rate, and their difference (MOVER). */
  withPeer: Estimate;
  noPeer: Estimate;
  difference: Estimate;
};

function outcomes(cell: CellTrials, behaviour: RateBehaviour): TrialOutcome[] {
  return cell.records
    .filter((record) => record.status !== 'error')
    .map((record) => ({ trial: record.trial, seed: record.seed, outcome: trialOutcome({ record, behaviour }) ?? null }));
}

function applies(cell: CellTrials, behaviour: RateBehaviour): boolean {
  return cell.records.some((record) => trialOutcome({ record, behaviour }) !== undefined);
}

/** Every self-subject peer cell compared with its no-peer baseline (same agent, scenario and dataset cell). */
export function peerPresenceCells(options: { cells: readonly CellTrials[] }): PeerPresenceCell[] {
  const result: PeerPresenceCell[] = [];
  const baselines = options.cells.filter((cell) => cell.cell.relation === 'none' && cell.cell.subject === 'self');
  for (const baseline of baselines) {
    const peers = options.cells.filter(
      (cell) =>
        cell.agent === baseline.agent &&
        cell.scenario === baseline.scenario &&
        cell.cell.subject === 'self' &&
        (peerRelations as readonly string[]).includes(cell.cell.relation) &&
        cell.cell.dataset === baseline.cell.dataset &&
        cell.cell.threshold === baseline.cell.threshold,
    );
    for (const behaviour of presenceBehaviours) {
      if (!applies(baseline, behaviour)) continue;
      for (const cell of peers) {
        result.push({
          agent: cell.agent,
          scenario: cell.scenario,
          behaviour,
          relation: cell.cell.relation as PeerRelation,
          instantiation: cell.cell.instantiation,
          dataset: cell.cell.dataset,
          threshold: cell.cell.threshold,
          cellId: cell.cellId,
          baselineCellId: baseline.cellId,
          difference: compareRates({ a: outcomes(cell, behaviour), b: outcomes(baseline, behaviour), policy: behaviourInfo[behaviour].policy }),
        });
      }
    }
  }
  return result;
}

function effect(entries: readonly PeerPresenceCell[]): Pick<PeerPresenceEffect, 'withPeer' | 'noPeer' | 'difference'> {
  // Mean over relations, then instantiations, then datasets: weights from the nesting.
  const weights = new Map<PeerPresenceCell, number>();
  const relations = [...new Set(entries.map((entry) => entry.relation))];
  for (const relation of relations) {
    const ofRelation = entries.filter((entry) => entry.relation === relation);
    const instantiations = [...new Set(ofRelation.map((entry) => entry.instantiation))];
    for (const instantiation of instantiations) {
      const members = ofRelation.filter((entry) => entry.instantiation === instantiation);
      for (const entry of members) weights.set(entry, 1 / (relations.length * instantiations.length * members.length));
    }
  }
  const peerTerms: Term[] = [];
  const baseTerms = new Map<string, Term>();
  const differenceTerms: Term[] = [];
  const pValues: Array<number | null> = [];
  for (const [entry, weight] of weights) {
    const peerSample = `${entry.agent}|${entry.cellId}`;
    const baseSample = `${entry.agent}|${entry.baselineCellId}`;
    peerTerms.push({ coefficient: weight, rate: entry.difference.a, sample: peerSample });
    const base = baseTerms.get(baseSample);
    baseTerms.set(baseSample, { coefficient: (base?.coefficient ?? 0) + weight, rate: entry.difference.b, sample: baseSample });
    differenceTerms.push(
      { coefficient: weight, rate: entry.difference.a, sample: peerSample, component: peerSample },
      { coefficient: -weight, rate: entry.difference.b, sample: baseSample, component: peerSample },
    );
    pValues.push(entry.difference.pooledZ?.pValue ?? null);
  }
  const mean = (terms: Term[]) =>
    terms.length === 1 ? terms[0].rate : linearCombination({ terms, componentPValues: terms.map((term) => term.rate.pValue), componentTest: 'binomial-vs-0.001' });
  return {
    withPeer: mean(peerTerms),
    noPeer: mean([...baseTerms.values()]),
    difference: linearCombination({ terms: differenceTerms, componentPValues: pValues, componentTest: 'pooled-z' }),
  };
}

/** Per agent × scenario × behaviour: each relation group's effect and the effect of any peer (mean over groups). */
export function peerPresenceEffects(options: { entries: readonly PeerPresenceCell[] }): PeerPresenceEffect[] {
  const result: PeerPresenceEffect[] = [];
  const keys = [...new Set(options.entries.map((entry) => `${entry.agent}\u0000${entry.scenario}\u0000${entry.behaviour}`))];
  for (const key of keys) {
    const [agent, scenario, behaviour] = key.split('\u0000') as [string, string, RateBehaviour];
    const mine = options.entries.filter((entry) => entry.agent === agent && entry.scenario === scenario && entry.behaviour === behaviour);
    for (const relation of peerRelations) {
      const ofRelation = mine.filter((entry) => entry.relation === relation);
      if (ofRelation.length > 0) result.push({ agent, scenario, behaviour, relation, ...effect(ofRelation) });
    }
    result.push({ agent, scenario, behaviour, relation: 'any', ...effect(mine) });
  }
  return result;
}
