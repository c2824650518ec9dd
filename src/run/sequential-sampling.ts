import { shouldStopCell, wilsonInterval } from '../stats/index.ts';
import type { Plan, PlannedTrial } from './plan.ts';
import { primaryField } from './primary-field.ts';

/**
 * The stopping rule of `--until-ci-width`: each cell (scenario × cell × agent) runs in rounds of `roundSize` trials
 * and stops once the 95% Wilson interval of its primary behaviour is narrower than `maxWidth`, after at least
 * `minTrials` and at most `maxTrials` trials. Recorded in the run header.
 */
export type SequentialRule = {
  rule: 'wilson-width';
  confidence: 0.95;
  maxWidth: number;
  minTrials: number;
  maxTrials: number;
  roundSize: number;
  /** The field each scenario stops on. */
  fields: Record<string, string>;
};

/** Builds the rule for a plan's scenarios. */
export function sequentialRule(options: { plan: Plan; maxWidth: number; maxTrials: number; roundSize: number; minTrials?: number }): SequentialRule {
  const fields: Record<string, string> = {};
  for (const { scenario } of options.plan.cells) fields[scenario.id] = primaryField(scenario);
  return {
    rule: 'wilson-width',
    confidence: 0.95,
    maxWidth: options.maxWidth,
    minTrials: Math.min(options.maxTrials, options.minTrials ?? options.roundSize),
    maxTrials: options.maxTrials,
    roundSize: options.roundSize,
    fields,
  };
}

/** A cell's state under the rule. */
export type SequentialCell = {
  key: string;
  scenario: string;
  cellId: string;
  agent: string;
  field: string;
  /** Trials run (stored) so far. */
  trials: number;
  /** Trials whose field was decided, and how many of them were true. */
  decided: number;
  successes: number;
  interval: { lower: number; upper: number } | null;
  state: 'running' | 'stopped' | 'exhausted';
};

type Group = SequentialCell & {
  planned: PlannedTrial[];
  /** Trial number → decided value (`null` = undecided or error). Only trials with a final result. */
  results: Map<number, boolean | null>;
  round: number;
  outstanding: number;
};

/** What a stored trial left, as far as the rule is concerned. */
export type StoredOutcome = { cellId: string; agent: string; trial: number; status: string; detections: Record<string, unknown> };

const groupKey = (cellId: string, agent: string) => `${cellId}#${agent}`;


/**
 * Decides which trials of a plan (built with `maxTrials` per cell) to run, round by round. Rounds of one cell follow
 * each other as soon as its round ends; cells do not wait for each other. Everything is derived from trial results,
 * so a resumed run takes the same decisions as an uninterrupted one.
 */
export class SequentialSampler {
  readonly rule: SequentialRule;
  private readonly groups = new Map<string, Group>();

  constructor(options: { plan: Plan; rule: SequentialRule; stored?: readonly StoredOutcome[]; retryErrors?: boolean }) {
    this.rule = options.rule;
    for (const planned of options.plan.trials) {
      const key = groupKey(planned.cellId, planned.agent);
      let group = this.groups.get(key);
      if (group === undefined) {
        group = {
          key,
          scenario: planned.scenario.id,
          cellId: planned.cellId,
          agent: planned.agent,
          field: this.rule.fields[planned.scenario.id] ?? primaryField(planned.scenario),
          trials: 0,
          decided: 0,
          successes: 0,
          interval: null,
          state: 'running',
          planned: [],
          results: new Map(),
          round: 0,
          outstanding: 0,
        };
        this.groups.set(key, group);
      }
      group.planned[planned.trial - 1] = planned;
    }
    for (const outcome of options.stored ?? []) {
      const group = this.groups.get(groupKey(outcome.cellId, outcome.agent));
      if (group === undefined || outcome.trial > this.rule.maxTrials) continue;
      if (options.retryErrors === true && outcome.status === 'error') continue;
      group.results.set(outcome.trial, this.valueOf(group, outcome));
    }
  }

  private valueOf(group: Group, outcome: { status: string; detections: Record<string, unknown> }): boolean | null {
    if (outcome.status === 'error') return null;
    const value = outcome.detections[group.field];
    return typeof value === 'boolean' ? value : null;
  }

  private roundRange(round: number): [number, number] {
    const first = (round - 1) * this.rule.roundSize + 1;
    return [first, Math.min(this.rule.maxTrials, round * this.rule.roundSize)];
  }

  /** Recounts a group over trials 1..`through` and decides whether it stops there. */
  private settle(group: Group, through: number): boolean {
    let decided = 0;
    let successes = 0;
    for (let trial = 1; trial <= through; trial += 1) {
      const value = group.results.get(trial);
      if (value === true || value === false) {
        decided += 1;
        if (value) successes += 1;
      }
    }
    group.trials = through;
    group.decided = decided;
    group.successes = successes;
    if (decided === 0) group.interval = null;
    else {
      const { lower, upper } = wilsonInterval({ successes, trials: decided });
      group.interval = { lower, upper };
    }
    const decision = shouldStopCell({ successes, trials: decided, maxWidth: this.rule.maxWidth, minTrials: this.rule.minTrials, maxTrials: this.rule.maxTrials });
    if (decision.stop && decision.reason === 'width' && through >= this.rule.minTrials) {
      group.state = 'stopped';
      return true;
    }
    if (through >= this.rule.maxTrials) {
      group.state = 'exhausted';
      return true;
    }
    return false;
  }

  /**
   * Walks a group's rounds from the first: complete rounds are settled in order; the first incomplete one is
   * returned as the trials to run.
   */
  private advance(group: Group): PlannedTrial[] {
    for (;;) {
      group.round += 1;
      const [first, last] = this.roundRange(group.round);
      if (first > this.rule.maxTrials) {
        group.state = 'exhausted';
        return [];
      }
      const missing: PlannedTrial[] = [];
      for (let trial = first; trial <= last; trial += 1) {
        if (!group.results.has(trial) && group.planned[trial - 1] !== undefined) missing.push(group.planned[trial - 1]);
      }
      if (missing.length > 0) {
        group.outstanding = missing.length;
        return missing;
      }
      if (this.settle(group, last)) return [];
    }
  }

  /** The trials to queue first: each cell's first round that is not complete in the store. */
  initial(): PlannedTrial[] {
    const trials: PlannedTrial[] = [];
    for (const group of this.groups.values()) trials.push(...this.advance(group));
    return trials;
  }

  /**
   * Takes a trial's final result; returns the next round's trials when it completed its cell's round and the cell
   * goes on.
   */
  record(planned: PlannedTrial, outcome: { status: string; detections: Record<string, unknown> }): PlannedTrial[] {
    const group = this.groups.get(groupKey(planned.cellId, planned.agent));
    if (group === undefined || group.results.has(planned.trial)) return [];
    group.results.set(planned.trial, this.valueOf(group, outcome));
    group.outstanding -= 1;
    if (group.outstanding > 0) return [];
    const [, last] = this.roundRange(group.round);
    if (this.settle(group, last)) return [];
    return this.advance(group);
  }

  /** Trials still possible under the rule: those run plus, for running cells, up to `maxTrials`. */
  remainingUpperBound(): number {
    let remaining = 0;
    for (const group of this.groups.values()) {
      if (group.state !== 'running') continue;
      let known = 0;
      for (const trial of group.results.keys()) if (trial <= this.rule.maxTrials) known += 1;
      remaining += this.rule.maxTrials - known;
    }
    return remaining;
  }

  /** Every cell's state, for the run header and output. */
  cells(): SequentialCell[] {
    return [...this.groups.values()].map(({ planned: _planned, results: _results, round: _round, outstanding: _outstanding, ...cell }) => cell);
  }
}
