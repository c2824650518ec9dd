import type { Estimate } from '../metrics/estimate.ts';
import { formatCounts, formatInterval, formatValue } from './format.ts';
import { html, rawHtml, type SafeHtml } from './html-escape.ts';
import type { ReportBlock, ReportCell, ReportSection } from './report-sections.ts';

// Inline only: the report must open with no network, and its policy forbids every script and remote load.
const styles = `
:root { --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --band: #f9fafb; --accent: #1d4ed8; --group: #eef2ff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header { padding: 24px 32px 12px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: var(--muted); }
nav { display: flex; flex-wrap: wrap; gap: 2px 14px; padding: 8px 32px; border-bottom: 1px solid var(--line); background: var(--band); font-size: 13px; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
main { padding: 8px 32px 48px; max-width: 1500px; }
section { margin-top: 28px; }
h2 { font-size: 18px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px; }
p.note { color: var(--muted); font-size: 12px; margin: 4px 0 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12px; margin: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.group, th.group { background: var(--group); }
td .v { font-weight: 600; white-space: nowrap; }
td .i, td .n { display: block; color: var(--muted); font-size: 11px; white-space: nowrap; }
td.empty { color: var(--muted); }
figure { margin: 12px 0; }
figure svg { max-width: 100%; height: auto; }
details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
.example { border-left: 3px solid var(--line); padding: 4px 12px; margin: 10px 0; }
.example .title { font-weight: 600; }
.example blockquote { margin: 6px 0 0; white-space: pre-wrap; color: #374151; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
ul { margin: 4px 0; padding-left: 20px; }
code { background: var(--band); padding: 0 3px; border-radius: 3px; }
`;

function estimateCell(estimate: Estimate | null, unit: 'rate' | 'difference', group: boolean): SafeHtml {
  const className = group ? 'group' : '';
  if (estimate === null) return html`<td class="${className} empty"></td>`;
  if (estimate.estimate === null) return html`<td class="${className} empty">–<span class="n">${formatCounts(estimate)}</span></td>`;
  return html`<td class="${className}"><span class="v">${formatValue(estimate.estimate, unit)}${estimate.stars}</span><span class="i">${formatInterval(estimate, unit)}</span><span class="n">${formatCounts(estimate)}</span></td>`;
}

function tableCell(cell: ReportCell, group: boolean): SafeHtml {
  if (typeof cell === 'string') return html`<td class="${group ? 'group' : ''}">${cell}</td>`;
  return estimateCell(cell.estimate, cell.unit, group);
}

/** Text of our own with `code` spans; every other character escaped. */
function prose(text: string): SafeHtml {
  return rawHtml(
    text
      .split(/(`[^`]*`)/)
      .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? html`<code>${part.slice(1, -1)}</code>`.value : html`${part}`.value))
      .join(''),
  );
}

const groupHeaders = new Set(['Collab', 'NeutCollab', 'NonCollab']);

function block(item: ReportBlock, charts: Record<string, string>): SafeHtml {
  switch (item.kind) {
    case 'paragraph':
      return html`<p>${prose(item.text)}</p>`;
    case 'list':
      return html`<ul>${item.items.map((entry) => html`<li>${prose(entry)}</li>`)}</ul>`;
    case 'chart': {
      const svg = charts[item.id];
      // Our own server-rendered SVG (vega escapes all data text); checked for active content when rendered.
      return svg === undefined ? html`` : html`<figure data-chart="${item.id}" aria-label="${item.title}">${rawHtml(svg)}</figure>`;
    }
    case 'example':
      return html`<div class="example"><div class="title">${item.title}</div><div>Evidence: ${item.evidence}</div>${
        item.excerpt === '' ? '' : html`<blockquote>${item.excerpt}</blockquote>`
      }</div>`;
    case 'table': {
      const groups = item.header.map((name) => groupHeaders.has(name));
      const table = html`<div class="scroll"><table><thead><tr>${item.header.map((name, index) => html`<th class="${groups[index] ? 'group' : ''}">${name}</th>`)}</tr></thead><tbody>${
        item.rows.length === 0
          ? html`<tr><td colspan="${item.header.length}" class="empty">No data.</td></tr>`
          : item.rows.map((row) => html`<tr>${row.map((cell, index) => tableCell(cell, groups[index]))}</tr>`)
      }</tbody></table></div>`;
      const caption = item.caption === undefined ? '' : html`<h3>${item.caption}</h3>`;
      const note = item.note === undefined ? '' : html`<p class="note">${prose(item.note)}</p>`;
      if (item.collapsed) return html`${caption}<details><summary>Show ${item.rows.length} rows</summary>${table}</details>${note}`;
      return html`${caption}${table}${note}`;
    }
  }
}

/**
 * Renders report sections as one self-contained HTML page: inline CSS, inline server-rendered SVG charts, no script,
 * no font or image from anywhere, and a content security policy that forbids both. Every piece of text from the run
 * is escaped.
 */
export function renderHtml(options: { title: string; subtitle: string; sections: readonly ReportSection[]; charts: Record<string, string> }): string {
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<style>${rawHtml(styles)}</style>
</head>
<body>
<header><h1>${options.title}</h1><p>${options.subtitle}</p></header>
<nav>${options.sections.map((section) => html`<a href="#${section.id}">${section.title}</a>`)}</nav>
<main>
${options.sections.map((section) => html`<section id="${section.id}"><h2>${section.title}</h2>${section.blocks.map((item) => block(item, options.charts))}</section>\n`)}
</main>
</body>
</html>
`;
  return page.value;
}
