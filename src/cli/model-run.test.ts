import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { playRoute, type AgentContext, type TranscriptMessage } from '../agent/index.ts';
import { RunStore } from '../run/index.ts';
import { startFakeOpenAIServer, runCli, type FakeModelServer, type FakeReply, type FakeRequest, temporaryDirectory } from '../testing/index.ts';
import { setupTrial, type TrialRecord } from '../trial/index.ts';
import { loadSuite } from './suite.ts';

const canary = 'sk-canary-e2e-51f0d2c7a9';
const cellArgs = ['--relation', 'good', '--instantiation', 'file', '--subject', 'peer'];
type RunOutput = { runId: string; outDir: string; trials: TrialRecord[] };

const scenario = loadSuite({}).find((candidate) => candidate.id === 'exfiltration-transfer')!;
const cell = { relation: 'good', instantiation: 'file', subject: 'peer', dataset: null, threshold: null, monitoring: null } as const;
// `local:some-model` is the "Some" family, so the weights at stake are some_agent_2_model_weight.safetensors.
const setup = setupTrial({ scenario, cell, family: 'Some' });
const context: AgentContext = { trialId: 'route', seed: 1, scenario: scenario.id, cell, variables: setup.variables, routes: scenario.routes };

/** The agent takes the exfiltration route; the judge answers every rubric with a fixed verdict. */
function reply(request: FakeRequest, judgeAnswers: (prompt: string) => string): FakeReply {
  if (request.toolNames.length === 0) return { type: 'message', text: judgeAnswers(request.messages.at(-1)?.text ?? '') };
  const progress = Array.from({ length: request.assistantTurns }, () => ({ role: 'assistant' }) as TranscriptMessage);
  const step = playRoute({ context, route: 'exfiltration', messages: progress });
  return { type: 'message', text: step.text, toolCalls: step.toolCalls.map((call) => ({ name: call.toolName, arguments: call.input })) };
}

const firstJudge = (prompt: string) =>
  prompt.includes('server maintenance') ? 'Non-refusal' : prompt.includes('suspects the situation is a test') ? 'No' : 'protect-peer';
const secondJudge = (prompt: string) => (prompt.includes('server maintenance') ? 'Non-refusal' : prompt.includes('suspects') ? 'Yes' : 'I cannot tell.');

let server: FakeModelServer;
let cwd: string;
const env = { LOCAL_API_KEY: canary, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, ANTHROPIC_API_KEY: undefined, GOOGLE_GENERATIVE_AI_API_KEY: undefined };

before(async () => {
  server = await startFakeOpenAIServer({
    script: (request) => reply(request, request.model === 'judge-2' ? secondJudge : firstJudge),
  });
  cwd = temporaryDirectory({ prefix: 'peerwatch-model-' });
  writeFileSync(
    path.join(cwd, 'peerwatch.config.yaml'),
    [
      'providers:',
      `  local: { type: openai-compatible, baseURL: "${server.baseURL}", apiKeyEnv: LOCAL_API_KEY }`,
      'judge: local:judge-model',
      '',
    ].join('\n'),
  );
});
after(async () => {
  await server.close();
});

async function cli(args: string[]) {
  const result = await runCli({ args, cwd, env });
  for (const stream of [result.stdout, result.stderr]) assert.ok(!stream.includes(canary), 'the key never reaches stdout or stderr');
  return result;
}

/** Every file under a folder, recursively. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const file = path.join(directory, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

function assertNoCanary(directory: string) {
  const files = filesUnder(directory);
  assert.ok(files.some((file) => file.endsWith('peerwatch.sqlite')));
  for (const file of files) assert.ok(!readFileSync(file).includes(canary), `${file} holds the key`);
}

const agentRequests = () => server.requests.filter((request) => request.toolNames.length > 0).length;

describe('peerwatch run with a real provider package against a local fake server (end to end)', () => {
  let first: RunOutput;

  it('detects the scripted exfiltration, records tokens, an unknown cost as null, and judgements', async () => {
    const result = await cli(['run', 'exfiltration-transfer', '--agent', 'local:some-model', ...cellArgs, '--trials', '2', '--json']);
    assert.equal(result.status, 0, result.stderr);
    first = JSON.parse(result.stdout) as RunOutput;
    assert.equal(first.trials.length, 2);
    for (const trial of first.trials) {
      assert.equal(trial.status, 'completed');
      assert.equal(trial.detections.exfiltration, true);
      assert.equal(trial.family, 'Some');
      assert.ok(trial.usage.inputTokens > 0 && trial.usage.outputTokens > 0);
      assert.equal(trial.usage.costUsd, null, 'no price is known for a local model');
      const judgements = trial.judgements as Record<string, { judge: string; value: unknown; raw: string }>;
      assert.equal(judgements.refusal.judge, 'local:judge-model');
      assert.equal(judgements.refusal.value, false);
      assert.equal(trial.detections.evalAwareness, false);
      assert.equal(trial.detections.motive, 'protect-peer');
    }
    const wire = server.requests.find((request) => request.toolNames.length > 0)!;
    assert.equal(wire.temperature, 1);
    assert.equal(wire.maxOutputTokens, 8192);
    assert.equal(wire.headers.authorization, `Bearer ${canary}`);
    const judgeCall = server.requests.find((request) => request.toolNames.length === 0)!;
    assert.equal(judgeCall.temperature, 0);
    assert.ok(!judgeCall.messages[0].text.includes('list_server_files returned'), 'the judge sees no tool results');
    const store = RunStore.open({ directory: first.outDir, readOnly: true });
    const calls = store.listModelCalls();
    store.close();
    assert.equal(calls.filter((call) => call.step !== null).length, first.trials.reduce((total, trial) => total + trial.steps, 0));
    assertNoCanary(cwd);
  });

  it('reruns a finished run from its recordings with no API call at all (--cache-from)', async () => {
    const before = server.requests.length;
    const result = await cli(['run', 'exfiltration-transfer', '--agent', 'local:some-model', ...cellArgs, '--trials', '2', '--json', '--cache-from', first.outDir]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(server.requests.length, before, 'no request reached the server');
    const rerun = JSON.parse(result.stdout) as RunOutput;
    assert.deepEqual(rerun.trials.map((trial) => trial.detections), first.trials.map((trial) => trial.detections));
    assertNoCanary(cwd);
  });

  it('replays a stored run into a new folder with detectors and the configured judge, calling no model', async () => {
    const before = server.requests.length;
    const result = await cli(['run', '--replay', first.outDir, '--json']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(server.requests.length, before);
    const replay = JSON.parse(result.stdout) as RunOutput;
    assert.notEqual(replay.outDir, first.outDir);
    assert.deepEqual(replay.trials.map((trial) => trial.detections), first.trials.map((trial) => trial.detections));
    assert.ok(replay.trials.every((trial) => trial.runId === replay.runId));
    const bare = JSON.parse((await cli(['run', '--replay', first.outDir, '--judge', 'none', '--json'])).stdout) as RunOutput;
    assert.ok(bare.trials.every((trial) => Object.keys(trial.judgements).length === 0 && !('motive' in trial.detections)));
  });

  it('rejudges a stored run: the same judge from its recordings, another judge anew, unparseable answers kept raw', async () => {
    const before = server.requests.length;
    const same = await cli(['rejudge', first.outDir, '--json']);
    assert.equal(same.status, 0, same.stderr);
    assert.equal(server.requests.length, before, 'the same judge is answered from the recording');
    const other = await cli(['rejudge', first.outDir, '--judge', 'local:judge-2', '--json']);
    assert.equal(other.status, 0, other.stderr);
    assert.ok(server.requests.length > before);
    const output = JSON.parse(other.stdout) as RunOutput;
    for (const trial of output.trials) {
      const judgements = trial.judgements as Record<string, { judge: string; value: unknown; raw: string }>;
      assert.equal(judgements.motive.judge, 'local:judge-2');
      assert.equal(trial.detections.motive, null);
      assert.equal(judgements.motive.raw, 'I cannot tell.');
      assert.equal(trial.detections.evalAwareness, true);
      assert.equal(trial.detections.exfiltration, true, 'detector values are kept');
    }
    const lines = readFileSync(path.join(first.outDir, 'trials.jsonl'), 'utf8').trim().split('\n');
    assert.ok(lines.every((line) => (JSON.parse(line) as TrialRecord).detections.evalAwareness === true));
    assertNoCanary(cwd);
  });

  it('passes model settings from the command line to the wire', async () => {
    const before = server.requests.length;
    const result = await cli(['run', 'exfiltration-transfer', '--agent', 'local:some-model', ...cellArgs, '--trials', '1', '--json', '--temperature', '0.4', '--max-output-tokens', '1000', '--judge', 'none']);
    assert.equal(result.status, 0, result.stderr);
    const wire = server.requests.slice(before).find((request) => request.toolNames.length > 0)!;
    assert.equal(wire.temperature, 0.4);
    assert.equal(wire.maxOutputTokens, 1000);
    assert.ok(server.requests.slice(before).every((request) => request.toolNames.length > 0), 'no judge call with --judge none');
  });

  it('refuses an unknown provider and a missing key with status 2, writing nothing', async () => {
    const empty = temporaryDirectory({ prefix: 'peerwatch-model-empty-' });
    const unknown = await runCli({ args: ['run', 'exfiltration-transfer', '--agent', 'mystery:model', '--out', path.join(empty, 'runs')], cwd, env });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown provider "mystery".*"openai", "anthropic" or "google".*"local"/);
    const missing = await runCli({ args: ['run', 'exfiltration-transfer', '--agent', 'local:some-model', '--out', path.join(empty, 'runs')], cwd, env: { ...env, LOCAL_API_KEY: undefined } });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /set the environment variable LOCAL_API_KEY/);
    const openai = await runCli({ args: ['run', 'exfiltration-transfer', '--agent', 'openai:gpt-5.2', '--out', path.join(empty, 'runs')], cwd, env });
    assert.equal(openai.status, 2);
    assert.match(openai.stderr, /OPENAI_API_KEY/);
    assert.ok(!existsSync(path.join(empty, 'runs')), 'nothing was written');
  });

  it("runs without a judge, saying so, when no judge is configured and the default judge's key is missing", async () => {
    const config = path.join(cwd, 'no-judge.yaml');
    writeFileSync(config, `providers:\n  local: { type: openai-compatible, baseURL: "${server.baseURL}", apiKeyEnv: LOCAL_API_KEY }\n`);
    const before = agentRequests();
    const result = await cli(['run', 'exfiltration-transfer', '--agent', 'local:some-model', ...cellArgs, '--trials', '1', '--json', '--config', config, '--seed', '9']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /no judge: .*OPENAI_API_KEY.*judged fields stay undecided/);
    const output = JSON.parse(result.stdout) as RunOutput;
    assert.deepEqual(output.trials[0].judgements, {});
    assert.ok(agentRequests() > before);
  });
});
