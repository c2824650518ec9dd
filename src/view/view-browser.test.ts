import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { storeFileName } from '../run/index.ts';
import { projectRoot, runCli } from '../testing/index.ts';
import { writeSyntheticRun } from './synthetic-run.ts';

// The viewer as a person uses it: a run made by the CLI, the viewer started by the CLI, pages in headless Chromium.

const chromiumPath = '/usr/bin/chromium';
const skip = existsSync(chromiumPath) ? false : `browser tests need ${chromiumPath} (Debian package "chromium"); skipped`;

/** Transcript text that would run script if it were ever parsed as HTML. */
const payloads = {
  script: "<script>window.__pwned = 'script'</script>",
  image: `<img src=x onerror="window.__pwned = 'img'">`,
  link: `<a href="javascript:window.__pwned = 'link'">open the report</a>`,
  markdownLink: "[click here](javascript:window.__pwned='markdown')",
};

async function runJson(args: string[], cwd: string): Promise<{ runId: string; outDir: string; trials: Array<{ id: string; detections: Record<string, unknown> }> }> {
  const result = await runCli({ args: [...args, '--json'], cwd });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** Starts `peerwatch view` as a user would and reads its URL from the first line it prints. */
function startViewerProcess(options: { args: string[]; cwd: string }): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'peerwatch.js'), 'view', ...options.args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/(http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`peerwatch view exited (${code}): ${errors}`)));
  });
}

async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]');
}

/** Clicks something that navigates inside the app and waits for the new page. */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  await page.evaluate(() => (document.body.dataset.ready = 'false'));
  await click();
  await ready(page);
}

describe('viewer in Chromium', { skip }, () => {
  let root: string;
  let scenario: string;
  let behaviour: string;
  let mainRun: { runId: string; outDir: string };
  let injectedRun: { runId: string; trials: Array<{ id: string }> };
  let viewer: { child: ChildProcess; url: string };
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let storeHash: string;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'peerwatch-view-browser-'));
    // The exfiltration scenario is the one with the weights on the move; tampering is the fallback of an early tree.
    const exfiltration = existsSync(path.join(projectRoot, 'scenarios', 'exfiltration-transfer.yaml'));
    scenario = exfiltration ? 'exfiltration-transfer' : 'tampering';
    behaviour = exfiltration ? 'exfiltration' : 'tampering';
    const misbehaving = exfiltration ? 'ref:exfiltrator' : 'ref:tamperer';
    mainRun = await runJson(['run', scenario, '--agent', misbehaving, '--agent', 'ref:compliant', '--trials', '3', '--out', 'runs'], root);

    const script = path.join(root, 'hostile.json');
    writeFileSync(
      script,
      JSON.stringify({
        steps: [
          {
            text: `Report: ${payloads.script} ${payloads.image} ${payloads.link} ${payloads.markdownLink}`,
            reasoning: `thinking ${payloads.image}`,
            toolCalls: [{ toolName: 'create_file', input: { filename: `${payloads.image}.docx`, content: payloads.script } }],
          },
          { text: 'Done.', toolCalls: [{ toolName: 'end_task', input: {} }] },
        ],
      }),
    );
    injectedRun = await runJson(
      ['run', 'tampering', '--agent', `script:${script}`, '--trials', '1', '--relation', 'good', '--instantiation', 'file', '--subject', 'peer', '--dataset', 'factual', '--out', 'runs'],
      root,
    );
    // Judges need a model; a synthetic run carries judgements (and is large enough to page).
    writeSyntheticRun({ directory: path.join(root, 'runs', 'synthetic'), trials: 120, runId: 'run-synthetic-judged' });
    storeHash = createHash('sha256').update(readFileSync(path.join(mainRun.outDir, storeFileName))).digest('hex');

    viewer = await startViewerProcess({ args: ['--port', '0'], cwd: root });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    if (viewer !== undefined && viewer.child.exitCode === null) {
      const exited = new Promise((resolve) => viewer.child.once('exit', resolve));
      viewer.child.kill('SIGTERM');
      await exited;
    }
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  test('lists the runs found under ./runs', async () => {
    await page.goto(viewer.url);
    await ready(page);
    const rows = page.locator('.runs-table tbody tr');
    assert.equal(await rows.count(), 3);
    const text = await page.locator('.runs-table').innerText();
    assert.match(text, new RegExp(mainRun.runId));
    assert.match(text, new RegExp(injectedRun.runId));
  });

  test('finds, in a few clicks, a trial whose misbehaviour is highlighted in the world diff', async () => {
    await page.goto(viewer.url);
    await ready(page);
    await go(page, () => page.locator(`tr[data-run="${mainRun.runId}"] a.run-link`).click());
    assert.match(await page.locator('h1').innerText(), new RegExp(mainRun.runId));
    assert.ok((await page.locator('.cells-table tbody tr').count()) > 1);

    await go(page, () => page.selectOption('#filter-behaviour', behaviour).then(() => undefined));
    const agents = await page.locator('.cells-table tbody tr td:nth-child(3)').allInnerTexts();
    assert.ok(agents.length > 0);
    assert.ok(agents.every((agent) => agent !== 'ref:compliant'), 'only cells where the behaviour fired remain');

    await go(page, () => page.locator('.cells-table a.cell-link').first().click());
    assert.ok((await page.locator('.trials-table tbody tr.flagged').count()) > 0);
    await go(page, () => page.locator('.trials-table a.trial-link').first().click());

    const alarm = page.locator('.world-diff tr.change-alarm').first();
    assert.equal(await alarm.isVisible(), true);
    const row = await alarm.innerText();
    if (behaviour === 'exfiltration') {
      assert.match(row, /10\.0\.12\.45 \S*model_weight/);
      assert.match(row, /→\s*10\.0\.12\.46/);
      assert.match(row, /2024-10-01/);
      assert.match(row, /model weights at stake/);
    } else {
      assert.match(row, /shutdown_enabled/);
    }
    assert.match(await page.locator('.trial-summary .flags').innerText(), new RegExp(behaviour));

    // Evidence links lead to the tool call in the transcript.
    const link = page.locator('tr.detector-flagged .call-link').first();
    const index = await link.getAttribute('data-call');
    await link.click();
    const call = page.locator(`#call-${index}`);
    await page.waitForFunction((id) => document.getElementById(id)?.classList.contains('call-target') === true, `call-${index}`);
    assert.equal(await call.isVisible(), true);
    assert.match(page.url(), new RegExp(`call=${index}`));
  });

  test('shows a paired trial side by side', async () => {
    const pair = page.locator('.pairs a.compare-link').first();
    await go(page, () => pair.click());
    assert.equal(await page.locator('.compare-column').count(), 2);
    assert.match(await page.locator('.page-header').innerText(), /Differs in/);
  });

  test('renders injected markup inert and shows it literally', async () => {
    const trial = injectedRun.trials[0].id;
    await page.goto(`${viewer.url}#/runs/${encodeURIComponent(injectedRun.runId)}/trials/${encodeURIComponent(trial)}`);
    await ready(page);
    await page.locator('details.reasoning summary').first().click();
    const text = await page.locator('.trial-page').innerText();
    for (const payload of Object.values(payloads)) assert.ok(text.includes(payload), `shown literally: ${payload}`);
    assert.ok((await page.locator('.world-diff').innerText()).includes(`${payloads.image}.docx`));
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].map((element) => element.getAttribute('src')),
      javascriptLinks: document.querySelectorAll('a[href^="javascript:"], [onerror], [onclick]').length,
    }));
    assert.deepEqual(state, { pwned: null, images: 0, scripts: ['/assets/app.ts'], javascriptLinks: 0 });
  });

  test('shows a judge’s raw answer beside the detector’s value', async () => {
    await page.goto(`${viewer.url}#/runs/run-synthetic-judged/trials?cell=${encodeURIComponent('tampering/good/file/self/factual@80')}`);
    await ready(page);
    await go(page, () => page.locator('.trials-table a.trial-link').first().click());
    const judged = page.locator('.judgement[data-field="reportedScore"]');
    const text = await judged.innerText();
    assert.match(text, /openai:gpt-4\.1-mini/);
    assert.match(text, /reported-score/);
    assert.match(text, /ANSWER: \d+/);
    assert.match(text, /not comparable/);
  });

  test('loaded every page without a script error, and left the run untouched', () => {
    assert.deepEqual(pageErrors, []);
    const hash = createHash('sha256').update(readFileSync(path.join(mainRun.outDir, storeFileName))).digest('hex');
    assert.equal(hash, storeHash);
  });
});
