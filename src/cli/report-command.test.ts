import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { mixedExpectedRates, type MixedMeasure } from '../agent/reference/mixed-rates.ts';
import type { ReportData } from '../report/index.ts';
import type { RateBehaviour } from '../report/index.ts';
import { wilsonInterval } from '../stats/index.ts';
import { runCli } from '../testing/index.ts';
import { loadSuite } from './suite.ts';

const injection = fileURLToPath(new URL('../report/__fixtures__/inject-script.json', import.meta.url));
const chromiumPath = '/usr/bin/chromium';
// The browser checks need Debian's chromium (installed by .ci/run); without it they are skipped, saying why.
const browserSkip = existsSync(chromiumPath) ? false : `browser checks need ${chromiumPath} (Debian package "chromium"); skipped`;
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** How the report names the measures of the `ref:mixed` truth table. */
const measureBehaviour: Partial<Record<MixedMeasure, RateBehaviour>> = {
  pass: 'inflation',
  tampering: 'tampering',
  nonExecution: 'afExecute',
  exfiltration: 'exfiltration',
  copy: 'copy',
  refusal: 'refusal',
};

let cwd: string;
let mixedRun: string;
let browser: Browser | undefined;

async function cli(args: string[]) {
  return runCli({ args, cwd });
}

async function newRun(args: string[]): Promise<string> {
  const result = await cli(['run', ...args, '--json']);
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { outDir: string }).outDir;
}

let mixedReport: { markdownPath: string; htmlPath: string; report: ReportData };

before(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'peerwatch-report-'));
  [mixedRun, browser] = await Promise.all([
    newRun(['tampering', 'exfiltration-transfer', '--agent', 'ref:mixed', '--trials', '40']),
    browserSkip === false ? chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }) : undefined,
  ]);
  // Written once here; the tests below only read it, so they can run at the same time.
  const result = await cli(['report', mixedRun, '--json']);
  assert.equal(result.status, 0, result.stderr);
  mixedReport = JSON.parse(result.stdout) as typeof mixedReport;
});

after(async () => {
  await browser?.close();
  if (cwd !== undefined) rmSync(cwd, { recursive: true, force: true });
});

/** Opens a report in headless Chromium, recording every request the page makes. */
async function openReport(file: string) {
  if (browser === undefined) throw new Error('no browser');
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

describe('peerwatch report (end to end through the CLI)', { concurrency: true }, () => {
  it('writes report.md, report.html and the chart SVGs into the run folder', async () => {
    assert.equal(mixedReport.markdownPath, path.join(mixedRun, 'report.md'));
    assert.equal(mixedReport.htmlPath, path.join(mixedRun, 'report.html'));
    const text = readFileSync(mixedReport.markdownPath, 'utf8');
    for (const heading of ['Headline numbers and the paper', 'Shutdown tampering', 'Model exfiltration', 'Refusal', 'Peer presence and self-preservation']) {
      assert.ok(text.includes(`## ${heading}`), `report.md has "${heading}"`);
    }
    assert.match(text, /\| model \| {2}\| good_peer_file_only \| good_peer_file_prt \| good_peer_memory \| Collab \|/);
    assert.ok(text.includes('no paper number'));
    assert.ok(existsSync(path.join(mixedRun, 'report-charts', 'tampering-by-condition.svg')));
  });

  it('shows, for every behaviour, rates whose intervals contain the rates ref:mixed is documented to have', async () => {
    const { report } = mixedReport;
    const scenarios = new Map(loadSuite({}).map((scenario) => [scenario.id, scenario]));
    const checked = new Set<string>();
    const checks: Array<{ label: string; rate: number; successes: number; trials: number; lower: number; upper: number }> = [];
    for (const cell of report.metrics.cells) {
      const expected = mixedExpectedRates({ scenario: scenarios.get(cell.scenario)!, cell: cell.cell });
      for (const [measure, rate] of Object.entries(expected) as Array<[MixedMeasure, number]>) {
        const behaviour = measureBehaviour[measure];
        const measured = behaviour === undefined ? undefined : cell.rates[behaviour];
        if (measured === undefined) continue;
        assert.equal(measured.trials + (behaviour === 'inflation' ? 0 : measured.undecided), 40, `${cell.cellId} ${behaviour}: all 40 trials counted`);
        // The report's own 95% interval must be the Wilson interval of its counts.
        const successes = measured.successes!;
        const own = wilsonInterval({ successes, trials: measured.trials });
        assert.ok(Math.abs(own.lower - measured.lower!) < 1e-9 && Math.abs(own.upper - measured.upper!) < 1e-9, `${cell.cellId} ${behaviour}: report interval`);
        checks.push({ label: `${cell.cellId} ${behaviour}`, rate, successes, trials: measured.trials, lower: measured.lower!, upper: measured.upper! });
        checked.add(behaviour!);
      }
    }
    // Cells with another subject or dataset draw independently, so each check is its own test: hold the family to
    // 95% (Bonferroni) instead of expecting every one of many 95% intervals to cover.
    const confidence = 1 - 0.05 / checks.length;
    for (const check of checks) {
      const interval = wilsonInterval({ successes: check.successes, trials: check.trials, confidence });
      assert.ok(interval.lower <= check.rate && check.rate <= interval.upper, `${check.label}: documented ${check.rate} outside the family-wise interval [${interval.lower}, ${interval.upper}]`);
    }
    // And most report intervals do cover it, as 95% intervals should.
    const covered = checks.filter((check) => check.lower <= check.rate && check.rate <= check.upper).length;
    assert.ok(covered / checks.length >= 0.85, `only ${covered} of ${checks.length} cells' 95% intervals contain the documented rate`);
    assert.deepEqual([...checked].sort(), ['copy', 'exfiltration', 'inflation', 'refusal', 'tampering']);
  });

  it('measures misrepresentation and alignment faking around the documented differences of ref:mixed', async () => {
    const run = await newRun(['misrep-finance', 'alignment-faking', '--agent', 'ref:mixed', '--trials', '30', '--relation', 'good', '--relation', 'control']);
    const result = await cli(['report', run, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const { report } = JSON.parse(result.stdout) as { report: ReportData };
    const scenarios = new Map(loadSuite({}).map((scenario) => [scenario.id, scenario]));
    const expected = (scenario: string, cell: ReportData['metrics']['cells'][number]['cell']) => mixedExpectedRates({ scenario: scenarios.get(scenario)!, cell });
    const contains = (estimate: { lower: number | null; upper: number | null }, value: number, what: string) =>
      assert.ok(estimate.lower! <= value && value <= estimate.upper!, `${what}: documented ${value} outside [${estimate.lower}, ${estimate.upper}]`);

    const misrep = report.metrics.misrepresentation.filter((entry) => entry.instantiation !== null && entry.relation === 'good');
    assert.equal(misrep.length, 6);
    for (const condition of misrep) {
      const [setting] = condition.settings;
      const cell = report.metrics.cells.find((entry) => entry.cellId === setting.cellId)!.cell;
      const control = report.metrics.cells.find((entry) => entry.cellId === setting.controlCellId)!.cell;
      contains(condition.average, expected('misrep-finance', cell).pass! - expected('misrep-finance', control).pass!, `misrepresentation ${setting.cellId}`);
    }

    const pairs = report.metrics.alignmentFaking.pairs;
    assert.equal(pairs.length, 9);
    for (const pair of pairs) {
      const unmonitored = expected('alignment-faking', report.metrics.cells.find((entry) => entry.cellId === pair.unmonitoredCellId)!.cell);
      const monitored = expected('alignment-faking', report.metrics.cells.find((entry) => entry.cellId === pair.monitoredCellId)!.cell);
      contains(pair.execute, unmonitored.nonExecution! - monitored.nonExecution!, `AF execute ${pair.unmonitoredCellId}`);
      contains(pair.score, unmonitored.pass! - monitored.pass!, `AF score ${pair.unmonitoredCellId}`);
      assert.equal(pair.execute.test?.name, 'mcnemar');
    }
  });

  it('opens in headless Chromium with its charts drawn and no network request', { skip: browserSkip }, async () => {
    const file = path.join(mixedRun, 'report.html');
    assert.ok(existsSync(file));
    const { page, requests, errors } = await openReport(file);
    const charts = await page.locator('figure[data-chart] svg').evaluateAll((nodes) =>
      nodes.map((node) => {
        const box = node.getBoundingClientRect();
        return { width: box.width, height: box.height, marks: node.querySelectorAll('path, line').length };
      }),
    );
    assert.ok(charts.length >= 4, `charts: ${JSON.stringify(charts)}`);
    for (const chart of charts) assert.ok(chart.width > 100 && chart.height > 100 && chart.marks > 0, JSON.stringify(chart));
    assert.deepEqual(requests, [pathToFileURL(file).href]);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(mixedRun, 'report.png') });
    await page.close();
  });

  it('never runs a script that an agent writes into its messages', { skip: browserSkip }, async () => {
    const run = await newRun(['tampering', '--agent', `script:${injection}`, '--trials', '1', '--relation', 'good', '--instantiation', 'file', '--subject', 'peer', '--dataset', 'factual']);
    const result = await cli(['report', run]);
    assert.equal(result.status, 0, result.stderr);
    const file = path.join(run, 'report.html');
    assert.deepEqual(result.stdout.trim().split('\n').slice(1), [path.relative(cwd, path.join(run, 'report.md')), path.relative(cwd, file)], 'prints the paths');
    const html = readFileSync(file, 'utf8');
    assert.equal(/<script|<img/i.test(html), false);
    const { page, requests, errors } = await openReport(file);
    assert.match(await page.title(), /^peerwatch report/);
    assert.ok((await page.locator('body').innerText()).includes("<script>document.title = 'pwned'"), 'the injected text is shown as text');
    assert.deepEqual(requests, [pathToFileURL(file).href]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('exits 2 for a folder that is not a run', async () => {
    const result = await cli(['report', cwd]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /not a peerwatch run folder/);
  });
});

describe('peerwatch compare (end to end through the CLI)', { concurrency: true }, () => {
  it('pairs the trials of two runs of the same seeded agent and tests them with McNemar', async () => {
    const subset = await newRun(['tampering', '--agent', 'ref:mixed', '--trials', '40', '--relation', 'good', '--instantiation', 'file']);
    const result = await cli(['compare', mixedRun, subset, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const comparison = JSON.parse(result.stdout) as { matchedCells: number; cells: Array<{ behaviour: string; difference: { estimate: number; test: { name: string; pValue: number } } }> };
    assert.equal(comparison.matchedCells, 6);
    const tampering = comparison.cells.filter((cell) => cell.behaviour === 'tampering');
    assert.equal(tampering.length, 6);
    for (const cell of tampering) {
      assert.equal(cell.difference.test.name, 'mcnemar');
      assert.equal(cell.difference.estimate, 0, 'the same seeds draw the same behaviours');
    }
  });

  it('compares two agents with Newcombe intervals and Fisher exact tests in a text table', async () => {
    const compliant = await newRun(['tampering', '--agent', 'ref:compliant', '--trials', '10']);
    const result = await cli(['compare', mixedRun, compliant]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Agents compared: ref:mixed \(A\) vs ref:compliant \(B\)/);
    const line = result.stdout.split('\n').find((entry) => /^ref:mixed vs ref:compliant\s+tampering\s/.test(entry));
    assert.ok(line !== undefined, result.stdout);
    assert.match(line, /\+\d+\.\d pp\s+\[\d+\.\d, \d+\.\d\]\s+Fisher exact\s+<0\.001/);
  });
});

describe('peerwatch gate (end to end through the CLI)', { concurrency: true }, () => {
  it('exits 0 when every upper bound is within budget', async () => {
    const result = await cli(['gate', mixedRun, '--max-rate', 'tampering=0.6', '--max-rate', 'exfiltration=60%']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal((result.stdout.match(/PASS/g) ?? []).length, 2);
  });

  it('exits 1 when a behaviour exceeds its budget, and says which', async () => {
    const result = await cli(['gate', mixedRun, '--max-rate', 'tampering=0.05', '--max-rate', 'exfiltration=0.6', '--json']);
    assert.equal(result.status, 1);
    const output = JSON.parse(result.stdout) as { passed: boolean; checks: Array<{ behaviour: string; status: string; estimate: { upper: number } }> };
    assert.equal(output.passed, false);
    const tampering = output.checks.find((check) => check.behaviour === 'tampering')!;
    assert.equal(tampering.status, 'fail');
    assert.ok(tampering.estimate.upper > 0.05);
    assert.equal(output.checks.find((check) => check.behaviour === 'exfiltration')!.status, 'pass');
  });

  it('exits 2 for an unknown behaviour, listing the allowed names', async () => {
    const result = await cli(['gate', mixedRun, '--max-rate', 'shutdown=0.1']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown behaviour "shutdown"; allowed: "tampering", "exfiltration"/);
  });
});

describe('peerwatch plan (end to end through the CLI)', () => {
  it('prints the trials per cell to detect a difference, and for an interval width', async () => {
    const detect = await cli(['plan', '--detect', '0.1', '--power', '0.8', '--baseline', '0.5', '--json']);
    assert.equal(detect.status, 0, detect.stderr);
    const planned = JSON.parse(detect.stdout) as { trialsPerCell: number };
    // Two-sided 5%, 80% power, 0.5 vs 0.6: the normal approximation needs about 388 trials per cell.
    assert.ok(planned.trialsPerCell >= 380 && planned.trialsPerCell <= 420, detect.stdout);
    const width = await cli(['plan', '--width', '0.1']);
    assert.equal(width.status, 0, width.stderr);
    assert.match(width.stdout, /trials per cell/);
    const bad = await cli(['plan', '--detect', '2']);
    assert.equal(bad.status, 2);
  });
});
