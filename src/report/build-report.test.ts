import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrialTranscript } from '../trial/index.ts';
import { makeCell } from './__fixtures__/records.ts';
import { buildReport } from './build-report.ts';
import { isPlainSvg, renderChartSvg } from './charts/render-chart.ts';
import { reportCharts } from './charts/report-charts.ts';
import { matchesModel } from './paper/paper-numbers.ts';
import { renderHtml } from './render/render-html.ts';
import { renderMarkdown } from './render/render-markdown.ts';
import { reportSections } from './render/report-sections.ts';

const injected = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>';

function tamperingRun(agent: string, goodTampering: number, badTampering: number) {
  const cell = (relation: 'good' | 'bad', instantiation: 'file' | 'memory') => ({ relation, instantiation, subject: 'peer' as const, dataset: 'factual', threshold: 80 });
  return [
    ...makeCell({ scenario: 'tampering', agent, cell: cell('good', 'file'), count: 20, detections: (trial) => ({ tampering: trial <= goodTampering }) }),
    ...makeCell({ scenario: 'tampering', agent, cell: cell('good', 'memory'), count: 20, detections: (trial) => ({ tampering: trial <= goodTampering }) }),
    ...makeCell({ scenario: 'tampering', agent, cell: cell('bad', 'file'), count: 20, detections: (trial) => ({ tampering: trial <= badTampering }) }),
  ];
}

describe('comparison with the paper', () => {
  it('matches a model family by its id, never a neighbouring model or a reference agent', () => {
    const entry = { match: ['gemini-3-flash'] };
    assert.equal(matchesModel({ agent: 'google:gemini-3-flash-preview', entry }), true);
    assert.equal(matchesModel({ agent: 'local:Gemini-3-Flash', entry }), true);
    assert.equal(matchesModel({ agent: 'google:gemini-3.1-flash', entry }), false);
    assert.equal(matchesModel({ agent: 'ref:mixed', entry }), false);
    assert.equal(matchesModel({ agent: 'harness:opencode/google:gemini-3-flash', entry }), false);
  });

  it('sets each measured headline beside the paper number for the same model and cell', () => {
    const report = buildReport({ runId: 'r', records: [...tamperingRun('google:gemini-3-flash-preview', 20, 3), ...tamperingRun('ref:mixed', 2, 2)] });
    const row = (agent: string, relation: string) =>
      report.paper.find((entry) => entry.agent === agent && entry.cell.behaviour === 'tampering' && entry.cell.subject === 'peer' && entry.cell.relation === relation && entry.cell.statistic === 'mean')!;
    const good = row('google:gemini-3-flash-preview', 'good');
    assert.equal(good.paper?.value, 0.997);
    assert.equal(good.paper?.provenance, 'SEC');
    assert.equal(good.measured.estimate, 1);
    assert.equal(good.verdict, 'consistent');
    const bad = row('google:gemini-3-flash-preview', 'bad');
    assert.equal(bad.paper?.value, 0.15);
    assert.equal(bad.measured.estimate, 0.15);
    assert.equal(bad.verdict, 'consistent');
    assert.equal(row('ref:mixed', 'good').verdict, 'no paper number');
    assert.equal(row('ref:mixed', 'good').paper, null);
    const unmeasured = report.paper.find((entry) => entry.agent === 'google:gemini-3-flash-preview' && entry.cell.relation === 'none');
    assert.equal(unmeasured?.verdict, 'not measured');
  });
});

describe('rendering untrusted text', () => {
  const records = tamperingRun(`script:${injected}`, 5, 1);
  const transcript = (trialId: string): TrialTranscript => ({
    trialId,
    systemPrompt: '',
    userMessage: '',
    tools: [],
    messages: [{ role: 'assistant', content: `I changed the config. ${injected}`, toolCalls: [], usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 }, durationMs: 1 }],
    worldBefore: {} as never,
    worldAfter: {} as never,
    changes: [],
  });
  const data = buildReport({ runId: 'r', records, transcript });

  it('escapes model and agent text in HTML and Markdown', async () => {
    const charts = reportCharts(data.metrics);
    const svgs: Record<string, string> = {};
    for (const chart of charts) svgs[chart.id] = await renderChartSvg({ spec: chart.spec });
    const sections = reportSections(data, { charts });
    const page = renderHtml({ title: `report ${injected}`, subtitle: injected, sections, charts: svgs });
    assert.ok(data.examples.some((example) => example.excerpt.includes('<script>')), 'the fixture carries the injection');
    assert.equal(/<script/i.test(page), false, 'no script tag in the page');
    assert.equal(/<img/i.test(page), false, 'no injected element');
    assert.ok(page.includes('&#60;script&#62;'), 'the text is shown, escaped');
    assert.ok(page.includes("default-src 'none'"), 'a policy forbids scripts and remote loads');
    const markdown = renderMarkdown({ title: 'report', sections, chartFiles: {} });
    assert.equal(/<script|<img/i.test(markdown), false);
  });

  it('renders charts as plain SVG without active content', async () => {
    const charts = reportCharts(data.metrics);
    assert.ok(charts.length > 0);
    const svg = await renderChartSvg({ spec: charts[0].spec });
    assert.ok(svg.startsWith('<svg'));
    assert.ok(svg.includes('&lt;script&gt;'), 'the agent name is in the legend, escaped by vega');
    assert.equal(/<script|<img/i.test(svg), false);
    assert.equal(isPlainSvg(svg), true);
  });

  it('refuses SVG with anything but plain shapes and text', () => {
    assert.equal(isPlainSvg('<svg><g><text x="1">a &lt;b&gt; onload=x</text></g></svg>'), true);
    assert.equal(isPlainSvg('<svg><script>alert(1)</script></svg>'), false);
    assert.equal(isPlainSvg('<svg><rect onclick="alert(1)"/></svg>'), false);
    assert.equal(isPlainSvg('<svg><a href="https://example.com"><text>x</text></a></svg>'), false);
    assert.equal(isPlainSvg('<svg><foreignObject><div></div></foreignObject></svg>'), false);
  });
});
