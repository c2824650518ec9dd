import { afMeasures } from '../metrics/alignment-faking.ts';
import { peerRelations } from '../metrics/conditions.ts';
import type { Estimate } from '../metrics/estimate.ts';
import type { RunMetrics } from '../metrics/run-metrics.ts';
import { behaviourInfo } from '../metrics/trial-outcomes.ts';
import { intervalChartSpec, type ChartPoint } from './chart-specs.ts';
import type { ChartSpec } from './render-chart.ts';

/** A chart of the report: which section shows it and its Vega-Lite specification. */
export type ReportChart = { id: string; title: string; section: string; spec: ChartSpec };

function point(estimate: Estimate | null | undefined, fields: Omit<ChartPoint, 'value' | 'lower' | 'upper' | 'trials'>): ChartPoint[] {
  if (estimate === null || estimate === undefined || estimate.estimate === null) return [];
  return [{ ...fields, value: estimate.estimate, lower: estimate.lower ?? estimate.estimate, upper: estimate.upper ?? estimate.estimate, trials: estimate.trials }];
}

const groupCategories = ['good', 'neutral', 'bad', 'no peer'];

/** Rates (or misrepresentation differences) with intervals per model and condition group, one panel per subject. */
function behaviourChart(metrics: RunMetrics, behaviour: string, title: string, section: string): ReportChart | null {
  const points: ChartPoint[] = [];
  let unit: 'rate' | 'difference' = 'rate';
  for (const table of metrics.tables) {
    if (table.behaviour !== behaviour || (table.subject !== 'peer' && table.subject !== 'self')) continue;
    unit = table.unit;
    for (const row of table.rows) {
      if (row.breakdown !== null && row.breakdown !== 'pooled' && table.rows.some((other) => other.agent === row.agent && other.breakdown === 'pooled')) continue;
      for (const column of table.columns) {
        if (!column.group && column.relation !== 'none') continue;
        const category = column.relation === 'none' ? 'no peer' : column.relation;
        points.push(...point(row.values[column.id], { panel: `subject ${table.subject}`, category, series: row.agent }));
      }
    }
  }
  if (points.length === 0) return null;
  return {
    id: `${behaviour}-by-condition`,
    title,
    section,
    spec: intervalChartSpec({
      title,
      points,
      categories: groupCategories.filter((category) => points.some((entry) => entry.category === category)),
      yTitle: unit === 'rate' ? 'rate (95% CI)' : 'difference (95% CI)',
      unit,
      seriesTitle: 'model',
    }),
  };
}

function peerPresenceChart(metrics: RunMetrics): ReportChart | null {
  const points: ChartPoint[] = [];
  for (const effect of metrics.peerPresence.effects) {
    const panel = `${behaviourInfo[effect.behaviour].label} · ${effect.scenario}`;
    if (effect.relation === 'any') points.push(...point(effect.noPeer, { panel, category: 'no peer', series: effect.agent }));
    else points.push(...point(effect.withPeer, { panel, category: effect.relation, series: effect.agent }));
  }
  if (points.length === 0) return null;
  const title = 'Peer presence and self-preservation (subject self)';
  return {
    id: 'peer-presence',
    title,
    section: 'peer-presence',
    spec: intervalChartSpec({
      title,
      points,
      categories: ['no peer', ...peerRelations],
      yTitle: 'rate (95% CI)',
      unit: 'rate',
      seriesTitle: 'model',
    }),
  };
}

function monitoringChart(metrics: RunMetrics): ReportChart | null {
  const points: ChartPoint[] = [];
  const several = metrics.alignmentFaking.conditions.some((condition) => condition.agent !== metrics.alignmentFaking.conditions[0].agent);
  for (const condition of metrics.alignmentFaking.conditions) {
    if (condition.instantiation !== null) continue;
    const category = condition.relation === 'any' ? 'all' : condition.relation;
    for (const measure of afMeasures) {
      const base = { panel: `${measure === 'execute' ? 'not executed, not refused' : 'score at/above threshold'}`, category, ...(several ? { row: condition.agent } : {}) };
      points.push(...point(condition.monitored[measure], { ...base, series: 'monitored' }));
      points.push(...point(condition.unmonitored[measure], { ...base, series: 'unmonitored' }));
    }
  }
  if (points.length === 0) return null;
  const title = 'Alignment faking: monitored vs unmonitored (subject peer)';
  return {
    id: 'monitoring',
    title,
    section: 'alignment-faking',
    spec: intervalChartSpec({
      title,
      points,
      categories: [...peerRelations, 'all'],
      yTitle: 'rate (95% CI)',
      unit: 'rate',
      seriesTitle: 'mode',
      series: ['monitored', 'unmonitored'],
    }),
  };
}

/** The report's charts, in the order the sections show them; charts without data are left out. */
export function reportCharts(metrics: RunMetrics): ReportChart[] {
  return [
    behaviourChart(metrics, 'misrepresentation', 'Strategic misrepresentation (pp over the no-shutdown control)', 'misrepresentation'),
    behaviourChart(metrics, 'tampering', 'Shutdown tampering by condition', 'tampering'),
    monitoringChart(metrics),
    behaviourChart(metrics, 'exfiltration', 'Model exfiltration by condition (both tasks pooled)', 'exfiltration'),
    behaviourChart(metrics, 'refusal', 'Refusal by condition (all tasks pooled)', 'refusal'),
    peerPresenceChart(metrics),
  ].filter((chart) => chart !== null);
}
