import { PeerwatchError } from '../../util/index.ts';

/** A Vega-Lite specification (kept loose: vega-lite's own types are not worth the coupling here). */
export type ChartSpec = Record<string, unknown>;

/** Raised when a chart renders to something that is not plain SVG. */
export class ChartRenderError extends PeerwatchError {
  constructor(message: string) {
    super({ name: 'ChartRenderError', message });
  }
}

// The only markup a chart may contain: plain SVG shapes and text. Vega escapes data text, so anything else means
// something went wrong, and nothing that could run or load (script, foreignObject, on* handlers, href) gets through.
const allowedTags = new Set(['svg', 'g', 'path', 'rect', 'line', 'text', 'tspan', 'title', 'desc', 'defs', 'clipPath', 'circle', 'ellipse', 'polygon', 'polyline']);
const tagPattern = /<\/?([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+="[^"<]*")*)\s*\/?>/g;
const attributePattern = /\s([^\s=>/]+)="[^"<]*"/g;

/** Whether an SVG string holds only allowed tags and attributes (no handlers, no links). */
export function isPlainSvg(svg: string): boolean {
  let unsafe = false;
  const rest = svg.replace(tagPattern, (_tag, name: string, attributes: string) => {
    if (!allowedTags.has(name)) unsafe = true;
    for (const [, attribute] of attributes.matchAll(attributePattern)) {
      const lower = attribute.toLowerCase();
      if (lower.startsWith('on') || lower.endsWith('href') || lower === 'style') unsafe = true;
    }
    return '';
  });
  return !unsafe && !rest.includes('<');
}

/**
 * Renders a Vega-Lite chart to an SVG string on the server (no DOM, no canvas, no script in the output), so a report
 * shows its charts with no JavaScript and no network.
 *
 * @example const svg = await renderChartSvg({ spec: { data: { values }, mark: 'point', encoding: { … } } });
 */
export async function renderChartSvg(options: { spec: ChartSpec }): Promise<string> {
  // Loaded on first use: vega takes a noticeable time to import, and most commands never draw a chart.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(options.spec as never).spec;
  // No loader access: every chart carries its data inline.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: vega.loader({ mode: 'file', baseURL: 'about:blank' }) });
  try {
    const svg = await view.toSVG();
    if (!isPlainSvg(svg)) throw new ChartRenderError('a chart rendered with markup other than plain SVG; refusing to embed it');
    return svg;
  } finally {
    view.finalize();
  }
}
