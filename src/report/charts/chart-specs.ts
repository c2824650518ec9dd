import type { ChartSpec } from './render-chart.ts';

/** One plotted value: a rate or difference with its interval. */
export type ChartPoint = {
  /** Facet column (subject, behaviour, measure). */
  panel: string;
  /** Facet row (model), when several models share a chart with another grouping. */
  row?: string;
  /** The x category (condition). */
  category: string;
  /** Colour and offset within a category (model, or monitoring mode). */
  series: string;
  value: number;
  lower: number;
  upper: number;
  /** Trials behind the value, shown in the tooltip text of the SVG. */
  trials: number;
};

const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

/**
 * A point-and-interval chart: per panel, categories on x, one coloured point with its 95% interval per series.
 * Used for rates per model and condition, peer presence, and monitored vs unmonitored.
 */
export function intervalChartSpec(options: {
  title: string;
  points: readonly ChartPoint[];
  categories: readonly string[];
  yTitle: string;
  /** `rate`: 0–100%; `difference`: symmetric around 0 with a zero line. */
  unit: 'rate' | 'difference';
  seriesTitle: string;
  series?: readonly string[];
}): ChartSpec {
  const series = options.series ?? [...new Set(options.points.map((point) => point.series))];
  const hasRows = options.points.some((point) => point.row !== undefined);
  const extent = Math.max(0.1, ...options.points.flatMap((point) => [Math.abs(point.lower), Math.abs(point.upper)]));
  // Zoom to the data (in steps of 10 points) so that small rates stay readable.
  const top = Math.min(1, Math.ceil(extent * 10 + 1e-9) / 10);
  const domain = options.unit === 'rate' ? [0, top] : [-top, top];
  const x = { field: 'category', type: 'nominal', sort: options.categories, title: null, axis: { labelAngle: 0, labelLimit: 90 } };
  const color = { field: 'series', type: 'nominal', title: options.seriesTitle, sort: series, scale: { domain: series, range: palette } };
  const y = {
    field: 'value',
    type: 'quantitative',
    title: options.yTitle,
    scale: { domain, nice: false },
    axis: { format: options.unit === 'rate' ? '.0%' : '+.0%', tickCount: 5 },
  };
  const layers: unknown[] = [
    {
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: { x, xOffset: { field: 'series', sort: series }, y: { field: 'lower', type: 'quantitative', scale: { domain, nice: false } }, y2: { field: 'upper' }, color },
    },
    {
      mark: { type: 'point', filled: true, size: 60 },
      encoding: { x, xOffset: { field: 'series', sort: series }, y, color },
    },
  ];
  if (options.unit === 'difference') {
    layers.unshift({ mark: { type: 'rule', color: '#9ca3af', strokeDash: [4, 3] }, encoding: { y: { datum: 0, type: 'quantitative', scale: { domain, nice: false } } } });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title, anchor: 'start', fontSize: 14 },
    data: { values: options.points.map((point) => ({ ...point, row: point.row ?? '' })) },
    facet: {
      column: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(options.points.map((point) => point.panel))], header: { labelFontSize: 12, labelFontWeight: 'bold' } },
      ...(hasRows ? { row: { field: 'row', type: 'nominal', title: null, header: { labelFontSize: 11, labelAngle: 0, labelAlign: 'left' } } } : {}),
    },
    spec: { width: Math.max(180, options.categories.length * Math.max(56, series.length * 22)), height: 170, layer: layers },
    resolve: { scale: { x: 'independent' } },
    config: { font: 'sans-serif', view: { stroke: '#e5e7eb' }, axis: { labelFontSize: 10, titleFontSize: 11 }, legend: { labelLimit: 260, orient: 'bottom' } },
  };
}
