import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrialRecord } from '../trial/index.ts';
import type { ExecutionResult, RunProgress } from './execute-plan.ts';
import { createProgressReporter, resolveProgressMode } from './progress.ts';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

const record = { id: 'tampering/good/file/peer/factual@80#ref:mixed#1', status: 'completed' } as TrialRecord;
const progress = (done: number, extra: Partial<RunProgress> = {}): RunProgress => ({
  done,
  total: 100,
  errors: 0,
  record,
  retries: 0,
  spendUsd: 0,
  running: 4,
  limits: { ref: 4 },
  ...extra,
});
const end: ExecutionResult = { executed: 100, errors: 2, retries: 1, stopped: null, spendUsd: 1.5, sequential: null };

describe('resolveProgressMode', () => {
  it('is a live line on a terminal, plain lines in CI or a pipe, nothing beside --json', () => {
    assert.equal(resolveProgressMode({ mode: 'auto', stream: { write: () => true, isTTY: true }, env: {} }), 'tty');
    assert.equal(resolveProgressMode({ mode: 'auto', stream: { write: () => true, isTTY: true }, env: { CI: 'true' } }), 'plain');
    assert.equal(resolveProgressMode({ mode: 'auto', stream: { write: () => true, isTTY: false }, env: {} }), 'plain');
    assert.equal(resolveProgressMode({ mode: 'auto', stream: { write: () => true, isTTY: true }, env: {}, json: true }), 'none');
    assert.equal(resolveProgressMode({ mode: 'json', stream: { write: () => true, isTTY: true }, env: {}, json: true }), 'json');
  });
});

describe('createProgressReporter', () => {
  it('tty: redraws one status line at most ten times a second, with rate, errors, spend and ETA', () => {
    let time = 0;
    const out = stream(true);
    const reporter = createProgressReporter({ mode: 'tty', stream: out, env: {}, now: () => time });
    time = 1000;
    reporter.update(progress(10, { errors: 1, spendUsd: 0.25 }));
    time = 1050;
    reporter.update(progress(11));
    time = 2000;
    reporter.update(progress(20, { errors: 1, retries: 2 }));
    reporter.finish(end);
    const lines = out.text().split('\r\u001b[2K').filter((line) => line !== '');
    assert.equal(lines.length, 2, 'the update 50 ms after the first is not drawn');
    assert.match(lines[0], /^trials 10\/100 \(10%\) · 10\/s · \u001b\[31m1 error\u001b\[0m · \$0\.25 spent · ETA 9s$/);
    assert.match(lines[1], /^trials 20\/100 \(20%\) · 10\/s · .*1 error.* · 2 retries · ETA 8s\n$/);
  });

  it('tty: no colour with NO_COLOR', () => {
    const out = stream(true);
    const reporter = createProgressReporter({ mode: 'tty', stream: out, env: { NO_COLOR: '1' }, now: () => 1000 });
    reporter.update(progress(100, { errors: 3 }));
    assert.ok(!out.text().includes('\u001b[31m'));
    assert.match(out.text(), /3 errors/);
  });

  it('tty: notes go above the live line', () => {
    const out = stream(true);
    const reporter = createProgressReporter({ mode: 'tty', stream: out, env: {}, now: () => 1000 });
    reporter.update(progress(5));
    reporter.note('Stopping: no new trials start');
    assert.match(out.text(), /trials 5\/100.*\r\u001b\[2KStopping: no new trials start\n\r\u001b\[2Ktrials 5\/100/);
  });

  it('plain: a line every interval and one at the end, no escape codes', () => {
    let time = 0;
    const out = stream(false);
    const reporter = createProgressReporter({ mode: 'plain', stream: out, env: {}, intervalSeconds: 10, now: () => time });
    for (let done = 1; done <= 100; done += 1) {
      time = done * 200;
      reporter.update(progress(done));
    }
    reporter.event({ type: 'limit', provider: 'openai', limit: 4 });
    reporter.finish(end);
    const lines = out.text().trimEnd().split('\n');
    assert.ok(!out.text().includes('\u001b'));
    assert.deepEqual(
      lines.map((line) => line.replace(/ · .*/, '')),
      ['trials 1/100 (1%)', 'trials 51/100 (51%)', 'trials 100/100 (100%)', 'openai: concurrency limit now 4'],
    );
  });

  it('json: one object a line per trial and event', () => {
    const out = stream(false);
    const reporter = createProgressReporter({ mode: 'json', stream: out, env: {} });
    reporter.update(progress(1));
    reporter.event({ type: 'retry', provider: 'openai', attempt: 2, delayMs: 1500, reason: 'HTTP 429' });
    reporter.finish(end);
    const objects = out.text().trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string });
    assert.deepEqual(objects.map((object) => object.type), ['trial', 'retry', 'end']);
    assert.equal((objects[0] as unknown as { id: string }).id, record.id);
  });

  it('none: writes nothing', () => {
    const out = stream(true);
    const reporter = createProgressReporter({ mode: 'none', stream: out, env: {} });
    reporter.update(progress(1));
    reporter.note('x');
    reporter.finish(end);
    assert.equal(out.text(), '');
  });
});
