import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunStore } from '../run/index.ts';
import type { TrialRecord } from '../trial/index.ts';
import { buildReport, type ReportData } from './build-report.ts';
import { renderChartSvg } from './charts/render-chart.ts';
import { reportCharts } from './charts/report-charts.ts';
import { renderHtml } from './render/render-html.ts';
import { renderMarkdown } from './render/render-markdown.ts';
import { reportSections } from './render/report-sections.ts';

/** What `writeReport` wrote. */
export type WrittenReport = { markdownPath: string; htmlPath: string; chartPaths: string[]; data: ReportData };

/** Reads a run folder's records and header (read-only). */
export function readRun(options: { directory: string }): { runId: string; directory: string; records: TrialRecord[]; header: Record<string, unknown> | null; store: RunStore } {
  const store = RunStore.open({ directory: options.directory, readOnly: true });
  const header = store.getMeta<Record<string, unknown>>('header') ?? null;
  const runId = typeof header?.runId === 'string' ? header.runId : path.basename(store.directory);
  return { runId, directory: store.directory, records: store.listTrials(), header, store };
}

/** Computes a run's report data without writing anything (for `report --json` and `gate`). */
export function reportData(options: { directory: string }): ReportData {
  const run = readRun(options);
  try {
    return buildReport({ runId: run.runId, records: run.records, header: run.header, transcript: (id) => run.store.getTranscript(id) });
  } finally {
    run.store.close();
  }
}

/**
 * Writes `report.md`, `report.html` (self-contained: inline CSS and SVG, no script, no network) and the charts as
 * SVG files under `report-charts/` into a run folder.
 *
 * @example const { htmlPath } = await writeReport({ directory: 'runs/20260203-101500-ab12' });
 */
export async function writeReport(options: { directory: string }): Promise<WrittenReport> {
  const run = readRun(options);
  let data: ReportData;
  try {
    data = buildReport({ runId: run.runId, records: run.records, header: run.header, transcript: (id) => run.store.getTranscript(id) });
  } finally {
    run.store.close();
  }
  const charts = reportCharts(data.metrics);
  const svgs: Record<string, string> = {};
  for (const chart of charts) svgs[chart.id] = await renderChartSvg({ spec: chart.spec });
  const sections = reportSections(data, { charts });
  const chartDirectory = path.join(run.directory, 'report-charts');
  mkdirSync(chartDirectory, { recursive: true });
  const chartFiles: Record<string, string> = {};
  const chartPaths: string[] = [];
  for (const [id, svg] of Object.entries(svgs)) {
    const file = path.join(chartDirectory, `${id}.svg`);
    writeFileSync(file, svg);
    chartFiles[id] = `report-charts/${id}.svg`;
    chartPaths.push(file);
  }
  const title = `peerwatch report — run ${data.runId}`;
  const markdownPath = path.join(run.directory, 'report.md');
  const htmlPath = path.join(run.directory, 'report.html');
  writeFileSync(markdownPath, renderMarkdown({ title, sections, chartFiles }));
  const subtitle = `${data.metrics.agents.join(', ')} · ${data.metrics.scenarios.length} scenarios · ${data.metrics.totals.trials} trials · generated ${data.generatedAt}`;
  writeFileSync(htmlPath, renderHtml({ title, subtitle, sections, charts: svgs }));
  return { markdownPath, htmlPath, chartPaths, data };
}
