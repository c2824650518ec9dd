import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startFakeOpenAIServer, type FakeModelServer, type FakeReply, type FakeRequest, temporaryDirectory } from '../testing/index.ts';
import type { TrialRecord } from '../trial/index.ts';
import type { RunHeader } from './run-header.ts';
import { RunStore } from './store.ts';

const keySecret = 'sk-secret-key-4f1a9c';
const headerSecret = 'hdr-secret-value-77b2';
const cells = ['--dataset', 'factual', '--relation', 'good', '--instantiation', 'file'];

type RunOutput = { runId: string; outDir: string; trials: TrialRecord[]; stopped: string | null; spendUsd: number };

/** A model that lists the files and ends: two calls a trial, 1,000 input and 100 output tokens each. */
function reply(request: FakeRequest): FakeReply {
  const usage = { inputTokens: 1000, outputTokens: 100 };
  return request.assistantTurns === 0
    ? { type: 'message', text: 'Let me look.', toolCalls: [{ name: 'list_files', arguments: {} }], usage }
    : { type: 'message', text: 'Done.', toolCalls: [{ name: 'end_task', arguments: {} }], usage };
}

describe('peerwatch run with a model agent (fake OpenAI-compatible server on 127.0.0.1)', () => {
  let server: FakeModelServer;
  let cwd: string;
  before(async () => {
    server = await startFakeOpenAIServer({ script: reply });
    cwd = temporaryDirectory({ prefix: 'peerwatch-model-run-' });
    writeFileSync(
      path.join(cwd, 'peerwatch.config.yaml'),
      [
        'providers:',
        `  fake: { type: openai-compatible, baseURL: "${server.baseURL}", apiKeyEnv: FAKE_API_KEY, headers: { X-Org-Token: "${headerSecret}" } }`,
        'prices:',
        '  "fake:model": { input: 2, output: 10 }',
        '',
      ].join('\n'),
    );
  });
  after(() => server.close());

  it('retries a 429 after Retry-After and never stores the API key or a header value', async () => {
    let turnedAway = 0;
    server.setScript((request) => {
      if (turnedAway === 0) {
        turnedAway += 1;
        return { type: 'error', status: 429, message: 'rate limit', retryAfterSeconds: 0.05 };
      }
      return reply(request);
    });
    const result = await runCli({
      args: ['run', 'tampering', ...cells, '--agent', 'fake:model', '--judge', 'none', '--trials', '3', '--json'],
      cwd,
      env: { FAKE_API_KEY: keySecret },
    });
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout) as RunOutput;
    assert.equal(output.trials.length, 6);
    assert.ok(output.trials.every((trial) => trial.status === 'completed'));
    assert.equal(turnedAway, 1);
    assert.equal(server.requests.length, 6 * 2 + 1, 'every trial made its two calls, plus the one turned away');
    // The secrets were in play (sent to the server) …
    assert.ok(server.requests.some((request) => JSON.stringify(request.headers).includes(keySecret)));
    assert.ok(server.requests.some((request) => JSON.stringify(request.headers).includes(headerSecret)));
    // … and are nowhere in the run folder.
    for (const name of readdirSync(output.outDir)) {
      const bytes = readFileSync(path.join(output.outDir, name));
      assert.equal(bytes.indexOf(keySecret), -1, `${name} holds the API key`);
      assert.equal(bytes.indexOf(headerSecret), -1, `${name} holds a header value`);
    }
    const store = RunStore.open({ directory: output.outDir, readOnly: true });
    const header = store.getMeta<RunHeader>('header')!;
    assert.deepEqual(header.config.providers.fake.headers, ['X-Org-Token']);
    assert.equal(header.config.providers.fake.apiKeyEnv, 'FAKE_API_KEY');
    assert.equal(header.execution.maxRetries, 3);
    store.close();
    // Each trial cost 2 × (1000 × $2 + 100 × $10) / 1M = $0.006.
    assert.equal(Math.round(output.spendUsd * 1e6), 36_000);
  });

  it('--max-cost stops starting trials at the budget; --resume with a higher one finishes the plan', async () => {
    server.setScript(reply);
    const env = { FAKE_API_KEY: keySecret };
    const args = ['run', 'tampering', ...cells, '--agent', 'fake:model', '--judge', 'none', '--trials', '5', '--concurrency', '1'];
    const capped = await runCli({ args: [...args, '--max-cost', '0.02', '--json'], cwd, env });
    assert.equal(capped.status, 0, capped.stderr);
    const output = JSON.parse(capped.stdout) as RunOutput;
    assert.equal(output.stopped, 'budget');
    // Each trial costs $0.006: the spend stops within a trial or two of the budget, trials running at the end included.
    assert.ok(output.spendUsd >= 0.018 && output.spendUsd <= 0.03, `spent ${output.spendUsd}`);
    assert.equal(output.trials.length, Math.round(output.spendUsd / 0.006));
    assert.match(capped.stderr, new RegExp(`Budget reached: \\$0\\.0\\d spent of \\$0\\.02 .*; ${output.trials.length} of 10 trials are stored`));
    const resumed = await runCli({ args: ['run', '--resume', output.outDir, '--max-cost', '1', '--json'], cwd, env });
    assert.equal(resumed.status, 0, resumed.stderr);
    const finished = JSON.parse(resumed.stdout) as RunOutput;
    assert.equal(finished.stopped, null);
    assert.equal(finished.trials.length, 10);
  });

  it('--max-cost with a model of unknown price is refused before anything is written', async () => {
    const empty = temporaryDirectory({ prefix: 'peerwatch-model-run-' });
    writeFileSync(path.join(empty, 'peerwatch.config.yaml'), readFileSync(path.join(cwd, 'peerwatch.config.yaml')));
    const result = await runCli({
      args: ['run', 'tampering', ...cells, '--agent', 'fake:unpriced', '--judge', 'none', '--max-cost', '5'],
      cwd: empty,
      env: { FAKE_API_KEY: keySecret },
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--max-cost: no price is known for fake:unpriced/);
    assert.deepEqual(readdirSync(empty), ['peerwatch.config.yaml']);
  });

  it('--dry-run estimates model calls, tokens and cost at the configured price', async () => {
    const result = await runCli({
      args: ['run', 'tampering', ...cells, '--agent', 'fake:model', '--agent', 'fake:unpriced', '--judge', 'none', '--trials', '100', '--dry-run', '--json'],
      cwd,
      env: { FAKE_API_KEY: keySecret },
    });
    assert.equal(result.status, 0, result.stderr);
    const estimate = JSON.parse(result.stdout) as {
      agents: Array<{ agent: string; trials: number; modelCalls: number; inputTokens: number; outputTokens: number; costUsd: number | null }>;
      totals: { costUsd: number | null; unknownPrices: string[] };
      scenarios: Array<{ source: string }>;
    };
    const priced = estimate.agents.find((agent) => agent.agent === 'fake:model')!;
    assert.equal(priced.trials, 200);
    assert.ok(priced.modelCalls > 0);
    assert.equal(priced.costUsd, Math.round(((priced.inputTokens * 2 + priced.outputTokens * 10) / 1e6) * 1e8) / 1e8);
    assert.equal(estimate.agents.find((agent) => agent.agent === 'fake:unpriced')!.costUsd, null);
    assert.equal(estimate.totals.costUsd, null);
    assert.deepEqual(estimate.totals.unknownPrices, ['fake:unpriced']);
    // The earlier runs in ./runs (fake:model, 2 calls and 2,000 input tokens a trial) are what it is estimated from.
    assert.match(estimate.scenarios[0].source, /earlier runs/);
    assert.equal(priced.modelCalls, 400);
    assert.equal(priced.inputTokens, 400_000);
  });
});
