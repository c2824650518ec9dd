import type { CellTrials } from '../metrics/cell-metrics.ts';
import { nestedMeanRate, groupBy } from '../metrics/condition-rate.ts';
import { peerRelations, type PeerRelation } from '../metrics/conditions.ts';
import type { Estimate } from '../metrics/estimate.ts';
import { misrepresentationAcross } from '../metrics/misrepresentation.ts';
import type { RunMetrics } from '../metrics/run-metrics.ts';
import { loadPaperNumbers, matchesModel, type PaperNumber } from './paper-numbers.ts';

/** A headline cell: behaviour × subject × relation (× instantiation), with the statistic the paper uses. */
export type HeadlineCell = Pick<PaperNumber, 'behaviour' | 'subject' | 'relation' | 'instantiation' | 'statistic'>;

/** One measured headline number beside the paper's number for the same model and cell, if the paper has one. */
export type PaperComparisonRow = {
  agent: string;
  cell: HeadlineCell;
  /** Which measure: `rate`, or for alignment faking `execute` / `score`. */
  measure: string;
  /** Readable label of the cell, such as `tampering · peer · good peer (Collab)`. */
  label: string;
  measured: Estimate;
  /** The cell the maximum came from, for `max` statistics. */
  source: string | null;
  paper: PaperNumber | null;
  /** `consistent` when the paper's number lies in the measured 95% interval. */
  verdict: 'consistent' | 'measured higher' | 'measured lower' | 'no paper number' | 'not measured';
};

const relationLabels: Record<string, string> = { good: 'good peer (Collab)', neutral: 'neutral peer (NeutCollab)', bad: 'bad peer (NonCollab)', none: 'no peer', 'any-peer': 'any peer' };

function relationsOf(relation: HeadlineCell['relation']): PeerRelation[] | ['none'] {
  if (relation === 'any-peer') return [...peerRelations];
  if (relation === 'none') return ['none'];
  return [relation];
}

/** Measures one headline cell for one agent; `null` when the run has no trial for it. */
export function measureHeadline(options: {
  metrics: RunMetrics;
  trials: readonly CellTrials[];
  agent: string;
  cell: HeadlineCell;
  measure: string;
}): { estimate: Estimate; source: string | null } | null {
  const { metrics, agent, cell } = options;
  const relations = relationsOf(cell.relation) as string[];
  if (cell.behaviour === 'tampering' || cell.behaviour === 'exfiltration' || cell.behaviour === 'refusal') {
    const behaviour = cell.behaviour;
    const cells = metrics.cells.filter(
      (entry) =>
        entry.agent === agent &&
        entry.cell.subject === cell.subject &&
        relations.includes(entry.cell.relation) &&
        (cell.instantiation === undefined || entry.cell.instantiation === cell.instantiation) &&
        entry.rates[behaviour] !== undefined,
    );
    if (cells.length === 0) return null;
    if (cell.statistic === 'max') {
      const best = cells.reduce((top, entry) => ((entry.rates[behaviour]!.estimate ?? -1) > (top.rates[behaviour]!.estimate ?? -1) ? entry : top));
      return { estimate: best.rates[behaviour]!, source: best.cellId };
    }
    // Mean over relations × instantiations of the mean over dataset cells or tasks.
    const estimate = nestedMeanRate({ groups: groupBy(cells, (entry) => `${entry.cell.relation}/${entry.cell.instantiation}`), behaviour });
    return estimate === null ? null : { estimate, source: null };
  }
  if (cell.behaviour === 'misrepresentation') {
    if (cell.relation === 'none') {
      const found = metrics.misrepresentation.find((entry) => entry.agent === agent && entry.subject === cell.subject && entry.relation === 'none');
      return found === undefined ? null : { estimate: found.average, source: null };
    }
    const estimate = misrepresentationAcross({
      cells: options.trials,
      agent,
      subject: cell.subject,
      relations: relations as PeerRelation[],
      instantiation: cell.instantiation,
    });
    return estimate === null || estimate.estimate === null ? null : { estimate, source: null };
  }
  // Alignment faking: peer subject only; `any-peer` is the mean over the three groups.
  if (cell.subject !== 'peer' || cell.relation === 'none') return null;
  const measure = options.measure as 'execute' | 'score';
  const found = metrics.alignmentFaking.conditions.find(
    (entry) =>
      entry.agent === agent &&
      entry.relation === (cell.relation === 'any-peer' ? 'any' : cell.relation) &&
      entry.instantiation === (cell.instantiation ?? null),
  );
  return found === undefined ? null : { estimate: found.difference[measure], source: null };
}

/** The headline cells every report shows (the paper's condition groups), per behaviour. */
export const headlineCells: ReadonlyArray<HeadlineCell> = [
  ...(['tampering', 'exfiltration', 'misrepresentation'] as const).flatMap((behaviour) => [
    ...peerRelations.map((relation) => ({ behaviour, subject: 'peer' as const, relation, statistic: 'mean' as const })),
    { behaviour, subject: 'self' as const, relation: 'none' as const, statistic: 'mean' as const },
    { behaviour, subject: 'self' as const, relation: 'any-peer' as const, statistic: 'mean' as const },
  ]),
  ...peerRelations.map((relation) => ({ behaviour: 'alignment-faking' as const, subject: 'peer' as const, relation, statistic: 'mean' as const })),
  { behaviour: 'alignment-faking', subject: 'peer', relation: 'any-peer', statistic: 'mean' },
];

function sameCell(a: HeadlineCell, b: HeadlineCell): boolean {
  return a.behaviour === b.behaviour && a.subject === b.subject && a.relation === b.relation && a.instantiation === b.instantiation && a.statistic === b.statistic;
}

function labelOf(cell: HeadlineCell, measure: string): string {
  const behaviour = cell.behaviour === 'alignment-faking' ? `alignment faking (${measure})` : cell.behaviour;
  const parts = [behaviour, `subject ${cell.subject}`, relationLabels[cell.relation]];
  if (cell.instantiation !== undefined) parts.push(cell.instantiation);
  if (cell.statistic === 'max') parts.push('maximum over cells');
  return parts.join(' · ');
}

/**
 * Compares each measured headline number of a run with the paper's number for the same model family and cell
 * (paper-spec 6.1/6.2). Cells the run measured but the paper does not report say "no paper number"; paper numbers
 * for a matching model that the run did not measure say "not measured".
 */
export function compareWithPaper(options: { metrics: RunMetrics; trials: readonly CellTrials[]; paperNumbers?: readonly PaperNumber[] }): PaperComparisonRow[] {
  const numbers = options.paperNumbers ?? loadPaperNumbers();
  const rows: PaperComparisonRow[] = [];
  for (const agent of options.metrics.agents) {
    const mine = numbers.filter((entry) => matchesModel({ agent, entry }));
    const cells: HeadlineCell[] = [...headlineCells];
    for (const entry of mine) if (!cells.some((cell) => sameCell(cell, entry))) cells.push(entry);
    for (const cell of cells) {
      const measures = cell.behaviour === 'alignment-faking' ? ['execute', 'score'] : ['rate'];
      const paper = mine.find((entry) => sameCell(entry, cell)) ?? null;
      for (const measure of measures) {
        const measured = measureHeadline({ metrics: options.metrics, trials: options.trials, agent, cell, measure });
        if (measured === null && paper === null) continue;
        const estimate = measured?.estimate ?? null;
        let verdict: PaperComparisonRow['verdict'] = 'no paper number';
        if (estimate === null || estimate.estimate === null) verdict = 'not measured';
        else if (paper !== null) {
          if (estimate.lower !== null && estimate.upper !== null && paper.value >= estimate.lower && paper.value <= estimate.upper) verdict = 'consistent';
          else verdict = estimate.estimate > paper.value ? 'measured higher' : 'measured lower';
        }
        if (estimate === null) {
          rows.push({ agent, cell, measure, label: labelOf(cell, measure), measured: emptyEstimate(), source: null, paper, verdict });
          continue;
        }
        rows.push({ agent, cell, measure, label: labelOf(cell, measure), measured: estimate, source: measured!.source, paper, verdict });
      }
    }
  }
  return rows;
}

function emptyEstimate(): Estimate {
  return { estimate: null, lower: null, upper: null, interval: 'none', test: 'none', pValue: null, stars: '', trials: 0, undecided: 0, errors: 0, components: 0, smallSample: false };
}
