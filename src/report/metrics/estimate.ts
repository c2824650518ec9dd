import { binomialTest, fisherCombinedPValue, significanceStars, wilsonInterval } from '../../stats/index.ts';
import type { Outcome, UndecidedPolicy } from './trial-outcomes.ts';

/**
 * A number the report shows: a rate, a mean of rates or a difference, with its 95% interval, the paper's test and
 * the trial counts behind it. `estimate` is `null` when no trial decided it.
 */
export type Estimate = {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** How the interval was made: `wilson`, `newcombe`, or `mover` (a mean or difference of Wilson intervals). */
  interval: 'wilson' | 'newcombe' | 'mover' | 'none';
  /** The paper's significance test for this number, and its p-value. */
  test: 'binomial-vs-0.001' | 'pooled-z' | 'fisher-combined' | 'none';
  pValue: number | null;
  /** `*` p<0.05, `**` p<0.01, `***` p<0.001 (paper section 5). */
  stars: string;
  /** Successes, for a single rate. */
  successes?: number;
  /** Trials in the denominator (summed over the components of a mean or difference). */
  trials: number;
  /** Trials that could not be decided (summed over components). */
  undecided: number;
  /** Errored trials left out (summed over components). */
  errors: number;
  /** How many rates were combined (1 for a plain rate). */
  components: number;
  /** The paper warns when a rate rests on fewer than 10 trials. */
  smallSample: boolean;
};

/** Stars for a p-value, as the paper prints them. */
export function starsFor(pValue: number | null): string {
  return pValue === null ? '' : significanceStars({ pValue });
}

/** A rate with its Wilson interval and the paper's one-sided binomial test against p₀ = 0.001. */
export function rateEstimate(options: { outcomes: readonly Outcome[]; policy: UndecidedPolicy; errors?: number }): Estimate {
  const successes = options.outcomes.filter((outcome) => outcome === true).length;
  const failures = options.outcomes.filter((outcome) => outcome === false).length;
  const undecided = options.outcomes.filter((outcome) => outcome === null).length;
  const trials = options.policy === 'exclude' ? successes + failures : successes + failures + undecided;
  return countEstimate({ successes, trials, undecided, errors: options.errors ?? 0 });
}

/** A rate from counts. */
export function countEstimate(options: { successes: number; trials: number; undecided?: number; errors?: number }): Estimate {
  const { successes, trials } = options;
  const base = { successes, trials, undecided: options.undecided ?? 0, errors: options.errors ?? 0, components: 1, smallSample: trials < 10 };
  if (trials === 0) {
    return { ...base, estimate: null, lower: null, upper: null, interval: 'none', test: 'none', pValue: null, stars: '' };
  }
  const interval = wilsonInterval({ successes, trials, confidence: 0.95 });
  // The paper's test that a rate is above zero: one-sided exact binomial against p₀ = 0.001.
  const pValue = binomialTest({ successes, trials, nullRate: 0.001, alternative: 'greater' }).pValue;
  return { ...base, estimate: successes / trials, lower: interval.lower, upper: interval.upper, interval: 'wilson', test: 'binomial-vs-0.001', pValue, stars: starsFor(pValue) };
}

/**
 * One term of a linear combination: `coefficient × rate`, where `sample` names the trials behind the rate and
 * `component` the part of the combination it belongs to (the two sides of one difference share a component).
 */
export type Term = { coefficient: number; rate: Estimate; sample: string; component?: string };

/**
 * A linear combination Σ cᵢ·pᵢ of rates (a mean of rates, a mean of differences) with a MOVER interval (Zou & Donner
 * 2008; Newcombe's hybrid score interval is its two-term case): the distances from each term to its own interval
 * bounds are combined in quadrature. Terms that share a sample (the same control trials binarised at two thresholds)
 * are correlated, so their distances are added before squaring — conservative. A component with an undecided rate is
 * dropped and the others reweighted, as the paper drops missing settings; `null` when none is left. The p-value is
 * Fisher's combination of the component p-values (the paper's rule for group means); a single one is kept as is,
 * labelled `componentTest`.
 */
export function linearCombination(options: {
  terms: readonly Term[];
  componentPValues?: ReadonlyArray<number | null>;
  componentTest?: Estimate['test'];
}): Estimate {
  const componentOf = (term: Term) => term.component ?? term.sample;
  const missing = new Set(options.terms.filter((term) => term.rate.estimate === null).map(componentOf));
  const terms = options.terms.filter((term) => !missing.has(componentOf(term)) && term.coefficient !== 0);
  const totals = {
    trials: sumUnique(options.terms, (term) => term.rate.trials),
    undecided: sumUnique(options.terms, (term) => term.rate.undecided),
    errors: sumUnique(options.terms, (term) => term.rate.errors),
  };
  const base = { ...totals, components: new Set(terms.map(componentOf)).size, smallSample: terms.some((term) => term.rate.smallSample) };
  if (terms.length === 0) return { ...base, estimate: null, lower: null, upper: null, interval: 'none', test: 'none', pValue: null, stars: '' };
  const keptWeight = terms.reduce((sum, term) => sum + Math.abs(term.coefficient), 0);
  const allWeight = options.terms.reduce((sum, term) => sum + Math.abs(term.coefficient), 0);
  const scale = allWeight / keptWeight;
  let estimate = 0;
  const below = new Map<string, number>();
  const above = new Map<string, number>();
  for (const term of terms) {
    const coefficient = term.coefficient * scale;
    const value = coefficient * term.rate.estimate!;
    const bounds = [coefficient * (term.rate.lower ?? term.rate.estimate!), coefficient * (term.rate.upper ?? term.rate.estimate!)];
    estimate += value;
    below.set(term.sample, (below.get(term.sample) ?? 0) + (value - Math.min(...bounds)));
    above.set(term.sample, (above.get(term.sample) ?? 0) + (Math.max(...bounds) - value));
  }
  const root = (distances: Map<string, number>) => Math.sqrt([...distances.values()].reduce((sum, distance) => sum + distance * distance, 0));
  const pValues = (options.componentPValues ?? []).filter((value): value is number => value !== null && Number.isFinite(value));
  const pValue = pValues.length === 0 ? null : pValues.length === 1 ? pValues[0] : fisherCombinedPValue({ pValues }).pValue;
  const single = terms.length === 1 && Math.abs(terms[0].coefficient * scale - 1) < 1e-12;
  // A combination with no negative coefficient is a (weighted) mean of rates: keep its interval inside [0, Σc].
  const positive = terms.every((term) => term.coefficient > 0);
  const floor = positive ? 0 : -terms.filter((term) => term.coefficient < 0).reduce((sum, term) => sum - term.coefficient * scale, 0);
  const ceiling = terms.filter((term) => term.coefficient > 0).reduce((sum, term) => sum + term.coefficient * scale, 0);
  return {
    ...base,
    estimate,
    lower: single ? terms[0].rate.lower : Math.max(floor, estimate - root(below)),
    upper: single ? terms[0].rate.upper : Math.min(ceiling, estimate + root(above)),
    interval: single ? terms[0].rate.interval : 'mover',
    test: pValues.length > 1 ? 'fisher-combined' : pValues.length === 1 ? (options.componentTest ?? 'none') : 'none',
    pValue,
    stars: starsFor(pValue),
  };
}

/** Sums a count over terms, counting each sample once. */
function sumUnique(terms: readonly Term[], count: (term: Term) => number): number {
  const seen = new Map<string, number>();
  for (const term of terms) seen.set(term.sample, count(term));
  return [...seen.values()].reduce((sum, value) => sum + value, 0);
}

/** The mean of several rates (each its own sample), with the paper's Fisher-combined p-value. */
export function meanOfRates(options: { rates: ReadonlyArray<{ rate: Estimate; sample: string }> }): Estimate {
  const decided = options.rates.filter((entry) => entry.rate.estimate !== null);
  if (decided.length === 1) return decided[0].rate;
  const count = options.rates.length;
  return linearCombination({
    terms: options.rates.map((entry) => ({ coefficient: 1 / count, rate: entry.rate, sample: entry.sample })),
    componentPValues: options.rates.filter((entry) => entry.rate.estimate !== null).map((entry) => entry.rate.pValue),
    componentTest: 'binomial-vs-0.001',
  });
}
