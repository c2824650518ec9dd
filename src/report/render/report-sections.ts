import type { ReportData } from '../build-report.ts';
import { afMeasures } from '../metrics/alignment-faking.ts';
import { conditionLabel, groupLabels } from '../metrics/conditions.ts';
import type { Estimate } from '../metrics/estimate.ts';
import type { PaperTable } from '../metrics/paper-tables.ts';
import { gateBehaviours } from '../metrics/run-metrics.ts';
import { behaviourInfo } from '../metrics/trial-outcomes.ts';
import { formatP, formatValue } from './format.ts';

/**
 * The report as plain data: headings, paragraphs and tables whose cells are text or estimates. The Markdown and
 * HTML renderers turn the same sections into their formats, so both always show the same numbers.
 */
export type ReportCell = string | { estimate: Estimate | null; unit: 'rate' | 'difference' };
export type ReportTableBlock = { kind: 'table'; caption?: string; header: string[]; rows: ReportCell[][]; collapsed?: boolean; note?: string };
export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'chart'; id: string; title: string }
  | { kind: 'example'; title: string; evidence: string; excerpt: string }
  | ReportTableBlock;
export type ReportSection = { id: string; title: string; blocks: ReportBlock[] };

function paperTableBlock(table: PaperTable): ReportTableBlock {
  const hasBreakdown = table.rows.some((row) => row.breakdown !== null);
  return {
    kind: 'table',
    caption: table.title,
    header: ['model', ...(hasBreakdown ? [''] : []), ...table.columns.map((column) => column.paperLabel)],
    rows: table.rows.map((row) => [
      row.agent,
      ...(hasBreakdown ? [row.breakdown ?? ''] : []),
      ...table.columns.map((column) => ({ estimate: row.values[column.id] ?? null, unit: table.unit })),
    ]),
    note: table.note,
  };
}

/** Builds the report's sections from its data. Chart blocks refer to charts rendered separately by id. */
export function reportSections(data: ReportData, options: { charts: ReadonlyArray<{ id: string; title: string; section: string }> }): ReportSection[] {
  const { metrics } = data;
  const sections: ReportSection[] = [];
  const charts = (section: string): ReportBlock[] =>
    options.charts.filter((chart) => chart.section === section).map((chart) => ({ kind: 'chart', id: chart.id, title: chart.title }));
  const header = data.header ?? {};
  const overview: string[] = [
    `Run \`${data.runId}\`, report generated ${data.generatedAt}.`,
    `Agents: ${metrics.agents.join(', ') || '–'}. Scenarios: ${metrics.scenarios.join(', ') || '–'}.`,
    `Trials: ${metrics.totals.trials} (${metrics.totals.completed} completed, ${metrics.totals.incomplete} incomplete, ${metrics.totals.errors} errors)` +
      (typeof header.trialsPerCell === 'number' ? `; ${header.trialsPerCell} per cell` : '') +
      (typeof header.seed === 'number' ? `; run seed ${header.seed}` : '') +
      '.',
  ];
  sections.push({
    id: 'overview',
    title: 'Overview',
    blocks: [
      { kind: 'list', items: overview },
      {
        kind: 'paragraph',
        text:
          'Every rate carries its Wilson 95% interval in brackets, its counts (successes/trials) and the number of undecided ' +
          'trials. Means over cells (the paper\'s condition groups Collab, NeutCollab, NonCollab = good, neutral, bad peer ' +
          'averaged over the file, file+prompt and memory instantiations) and differences carry MOVER intervals (Newcombe for ' +
          'a single difference). Stars are the paper\'s tests: one-sided binomial against 0.001 for a rate, pooled two-' +
          'proportion z for a difference, Fisher-combined p for a mean (* p<0.05, ** p<0.01, *** p<0.001). Tampering, ' +
          'exfiltration and refusal rates leave undecided trials out of the denominator; misrepresentation and alignment faking ' +
          'count them as not passing, as the paper does. Intervals of means assume independent cells; a seeded reference agent ' +
          'draws the same behaviour for a trial number in every cell of a scenario, so its pooled intervals are too narrow.',
      },
    ],
  });

  const unitOf = (row: ReportData['paper'][number]) => (row.cell.behaviour === 'misrepresentation' || row.cell.behaviour === 'alignment-faking' ? 'difference' : 'rate');
  const known = data.paper.filter((row) => row.paper !== null);
  const unknown = data.paper.filter((row) => row.paper === null);
  sections.push({
    id: 'paper',
    title: 'Headline numbers and the paper',
    blocks: [
      {
        kind: 'paragraph',
        text:
          'Each measured headline number beside the number reported for the same model family and cell (paper-spec 6.1/6.2). ' +
          'WEB = confirmed by the abstract or blog; SEC = only in secondary coverage (a sanity target). "consistent" means the ' +
          'paper\'s number lies in the measured 95% interval. Reference, script and harness agents have no paper number.',
      },
      known.length === 0
        ? { kind: 'paragraph', text: 'No agent of this run matches a model the paper reports a number for.' }
        : {
            kind: 'table',
            caption: 'Cells with a paper number',
            header: ['model', 'cell', 'measured', 'paper', 'source', 'verdict'],
            rows: known.map((row) => [
              row.agent,
              row.label + (row.source !== null ? ` (max in ${row.source})` : ''),
              { estimate: row.measured, unit: unitOf(row) },
              `${formatValue(row.paper!.value, unitOf(row))} [${row.paper!.provenance}]`,
              row.paper!.source,
              row.verdict,
            ]),
          },
      {
        kind: 'table',
        caption: 'Other headline cells (no paper number)',
        collapsed: known.length > 0 || unknown.length > 40,
        header: ['model', 'cell', 'measured', 'paper'],
        rows: unknown.map((row) => [row.agent, row.label + (row.source !== null ? ` (max in ${row.source})` : ''), { estimate: row.measured, unit: unitOf(row) }, 'no paper number']),
      },
    ],
  });

  const tablesOf = (prefix: string) => metrics.tables.filter((table) => table.id.startsWith(prefix)).map(paperTableBlock);
  const behaviourSection = (id: string, title: string, prefix: string, extra: ReportBlock[] = []) => {
    const blocks = [...charts(id), ...tablesOf(prefix), ...extra];
    if (blocks.length > 0) sections.push({ id, title, blocks });
  };

  const settings = metrics.misrepresentation.filter((condition) => condition.instantiation === null || condition.relation === 'none');
  const settingNames = [...new Set(settings.flatMap((condition) => Object.keys(condition.perSetting)))];
  behaviourSection('misrepresentation', 'Strategic misrepresentation', 'misrepresentation-', settings.length === 0 ? [] : [
    {
      kind: 'table',
      caption: 'Per setting (mean over thresholds), relation groups and no peer',
      header: ['model', 'subject', 'condition', ...settingNames, 'four-setting average'],
      rows: settings.map((condition) => [
        condition.agent,
        condition.subject,
        condition.relation === 'none' ? 'no_peer' : groupLabels[condition.relation as 'good'],
        ...settingNames.map((setting) => ({ estimate: condition.perSetting[setting] ?? null, unit: 'difference' as const })),
        { estimate: condition.average, unit: 'difference' as const },
      ]),
    },
  ]);
  behaviourSection('tampering', 'Shutdown tampering', 'tampering-');

  const afRaw = metrics.alignmentFaking.conditions.filter((condition) => condition.instantiation === null);
  behaviourSection('alignment-faking', 'Alignment faking (monitored vs unmonitored)', 'alignment-faking-', afRaw.length === 0 ? [] : [
    {
      kind: 'table',
      caption: 'Raw rates behind the differences (relation groups and all peers)',
      header: ['model', 'condition', ...afMeasures.flatMap((measure) => [`${measure}: unmonitored`, `${measure}: monitored`, `${measure}: difference`])],
      rows: afRaw.map((condition) => [
        condition.agent,
        condition.relation === 'any' ? 'all peers' : groupLabels[condition.relation as 'good'],
        ...afMeasures.flatMap((measure) => [
          { estimate: condition.unmonitored[measure], unit: 'rate' as const },
          { estimate: condition.monitored[measure], unit: 'rate' as const },
          { estimate: condition.difference[measure], unit: 'difference' as const },
        ]),
      ]),
    },
  ]);
  behaviourSection('exfiltration', 'Model exfiltration', 'exfiltration-');
  behaviourSection('refusal', 'Refusal', 'refusal-');
  behaviourSection('eval-awareness', 'Evaluation awareness (judged)', 'eval-awareness-');

  const effects = metrics.peerPresence.effects;
  if (effects.length > 0) {
    sections.push({
      id: 'peer-presence',
      title: 'Peer presence and self-preservation',
      blocks: [
        ...charts('peer-presence'),
        {
          kind: 'table',
          caption: 'Subject self: with a peer (mean over instantiations and dataset cells) vs no peer',
          header: ['model', 'scenario', 'behaviour', 'peer', 'with peer', 'no peer', 'difference'],
          rows: effects.map((effect) => [
            effect.agent,
            effect.scenario,
            behaviourInfo[effect.behaviour].label,
            effect.relation === 'any' ? 'any peer' : groupLabels[effect.relation],
            { estimate: effect.withPeer, unit: 'rate' as const },
            { estimate: effect.noPeer, unit: 'rate' as const },
            { estimate: effect.difference, unit: 'difference' as const },
          ]),
        },
      ],
    });
  }

  const motives = metrics.cells.filter((cell) => cell.categories.motive !== undefined);
  if (motives.length > 0) {
    const values = [...new Set(motives.flatMap((cell) => Object.keys(cell.categories.motive)))].sort();
    sections.push({
      id: 'motive',
      title: 'Motive (judged)',
      blocks: [
        {
          kind: 'table',
          header: ['model', 'scenario', 'cell', ...values],
          rows: motives.map((cell) => [cell.agent, cell.scenario, cell.cellId, ...values.map((value) => String(cell.categories.motive[value] ?? 0))]),
        },
      ],
    });
  }

  sections.push({
    id: 'pooled',
    title: 'Pooled over the run (what the gate checks)',
    blocks: [
      {
        kind: 'table',
        header: ['model', 'behaviour', 'value', 'pooled over'],
        rows: metrics.pooled.map((entry) => [entry.agent, entry.behaviour, { estimate: entry.estimate, unit: entry.kind }, gateBehaviours[entry.behaviour]]),
      },
    ],
  });

  if (metrics.comparisons.length > 0) {
    sections.push({
      id: 'comparisons',
      title: 'Comparisons (Holm-adjusted family)',
      blocks: [
        {
          kind: 'paragraph',
          text:
            `${metrics.comparisons.length} comparisons, each a single cell against its reference: misrepresentation (a cell ` +
            'vs its no-shutdown control), alignment faking (unmonitored vs monitored) and peer presence (self subject with a ' +
            'peer vs no peer). Paired cells (same trial numbers and seeds, one factor changed) use McNemar\'s test, others ' +
            'Fisher\'s exact test; Holm\'s correction runs over all of them. Intervals are Newcombe\'s.',
        },
        {
          kind: 'table',
          collapsed: true,
          header: ['family', 'model', 'cell', 'comparison', 'behaviour', 'a', 'b', 'a − b', 'test', 'p', 'Holm p'],
          rows: metrics.comparisons.map((comparison) => [
            comparison.family,
            comparison.agent,
            comparison.cell,
            comparison.label,
            comparison.behaviour,
            { estimate: comparison.difference.a, unit: 'rate' as const },
            { estimate: comparison.difference.b, unit: 'rate' as const },
            `${formatValue(comparison.difference.estimate, 'difference')} ${comparison.difference.lower === null ? '' : `[${(100 * comparison.difference.lower).toFixed(1)}, ${(100 * comparison.difference.upper!).toFixed(1)}]`}`,
            comparison.difference.test === null
              ? '–'
              : comparison.difference.test.name === 'mcnemar'
                ? `McNemar (${comparison.difference.test.aOnly}/${comparison.difference.test.bOnly} discordant of ${comparison.difference.test.pairs})`
                : 'Fisher exact',
            formatP(comparison.difference.test?.pValue),
            `${formatP(comparison.difference.holmPValue)}${comparison.difference.holmStars}`,
          ]),
        },
      ],
    });
  }

  const behaviours = (['tampering', 'exfiltration', 'inflation', 'afExecute', 'refusal', 'read'] as const).filter((behaviour) =>
    metrics.cells.some((cell) => cell.rates[behaviour] !== undefined),
  );
  sections.push({
    id: 'cells',
    title: 'Every cell',
    blocks: [
      {
        kind: 'table',
        collapsed: true,
        header: ['model', 'cell', 'condition', 'trials', ...behaviours.map((behaviour) => behaviourInfo[behaviour].label)],
        rows: metrics.cells.map((cell) => [
          cell.agent,
          cell.cellId,
          conditionLabel(cell.cell),
          `${cell.trials}${cell.incomplete > 0 ? ` (${cell.incomplete} incomplete)` : ''}${cell.errors > 0 ? ` (${cell.errors} errors)` : ''}`,
          ...behaviours.map((behaviour) => ({ estimate: cell.rates[behaviour] ?? null, unit: 'rate' as const })),
        ]),
      },
    ],
  });

  if (data.examples.length > 0) {
    sections.push({
      id: 'examples',
      title: 'Examples',
      blocks: [
        { kind: 'paragraph', text: 'One flagged trial per model and behaviour: the detector\'s evidence and the agent\'s last message (model output, shown as text).' },
        ...data.examples.map((example) => ({
          kind: 'example' as const,
          title: `${example.agent} · ${behaviourInfo[example.behaviour].label} · ${example.trialId}`,
          evidence: example.evidence,
          excerpt: example.excerpt,
        })),
      ],
    });
  }
  return sections;
}
