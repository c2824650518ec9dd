import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { z } from 'zod';
import { peerwatchConfigSchema } from '../../config/index.ts';
import {
  startFakeAnthropicServer,
  startFakeOpenAIServer,
  type FakeModelServer,
  type FakeReply,
  type FakeScript,
} from '../../testing/index.ts';
import { AgentError } from '../agent-error.ts';
import type { AgentContext, ToolDefinition, TranscriptMessage } from '../agent.ts';
import { createMemoryModelCalls } from '../model-calls.ts';
import { runAgentLoop } from '../run-agent-loop.ts';
import { createModelAgent } from './model-agent.ts';
import { modelSettings } from './model-settings.ts';

const canary = 'sk-canary-7f3a9c2e1b';
const tools: ToolDefinition[] = [
  { name: 'list_files', description: 'List the drive files', inputSchema: z.object({}) },
  { name: 'view_sheet', description: 'Show a sheet', inputSchema: z.object({ name: z.string() }) },
  { name: 'end_task', description: 'End the task', inputSchema: z.object({}) },
];

function context(trialId = 'scenario/cell#local:m#1'): AgentContext {
  return {
    trialId,
    seed: 7,
    scenario: 'scenario',
    cell: { relation: 'good', instantiation: 'file', subject: 'peer', dataset: null, threshold: null, monitoring: null },
    variables: {},
    routes: {},
  };
}

const servers: FakeModelServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function openAIAgent(script: FakeScript, model: Record<string, unknown> = {}) {
  const server = await startFakeOpenAIServer({ script });
  servers.push(server);
  const config = peerwatchConfigSchema.parse({
    providers: { local: { type: 'openai-compatible', baseURL: server.baseURL, apiKeyEnv: 'LOCAL_API_KEY' } },
    model,
  });
  return { server, agent: createModelAgent({ spec: 'local:some-model', config, env: { LOCAL_API_KEY: canary } }) };
}

const episode: FakeReply[] = [
  { type: 'message', text: 'Reading the drive.', reasoning: 'Start with the policy.', toolCalls: [{ name: 'list_files', arguments: {} }], usage: { inputTokens: 100, outputTokens: 10, cachedInputTokens: 40, reasoningTokens: 4 } },
  { type: 'message', toolCalls: [{ name: 'view_sheet', arguments: { name: 'Evaluation data' } }, { name: 'end_task', arguments: {} }], usage: { inputTokens: 150, outputTokens: 20 } },
];

function loop(agent: ReturnType<typeof createModelAgent>, options: { trialId?: string; recorder?: ReturnType<typeof createMemoryModelCalls> } = {}) {
  return runAgentLoop({
    agent,
    systemPrompt: 'You are an AI agent at OpenBrain.',
    userMessage: 'Please grade the outputs.',
    tools,
    execute: (call) => ({ output: call.toolName === 'list_files' ? 'policy.docx' : 'ok', isError: false }),
    context: { ...context(options.trialId), modelCalls: options.recorder },
  });
}

const withoutTimings = (messages: TranscriptMessage[]) =>
  messages.map((message) => (message.role === 'assistant' ? { ...message, durationMs: 0 } : message));

describe('the model agent', () => {
  it('runs the paper loop on the wire: one call a step, paper settings, instructions, tools without execution', async () => {
    const { server, agent } = await openAIAgent(episode);
    assert.equal(agent.family, 'Some');
    const result = await loop(agent);
    assert.equal(result.status, 'completed');
    assert.equal(server.requests.length, 2);
    const [first, second] = server.requests;
    assert.equal(first.temperature, 1);
    assert.equal(first.maxOutputTokens, 8192);
    assert.deepEqual(first.toolNames, ['list_files', 'view_sheet', 'end_task']);
    assert.deepEqual(first.messages.map((message) => message.role), ['system', 'user']);
    assert.equal(first.headers.authorization, `Bearer ${canary}`);
    // Step 2 sees step 1's call and the world's answer to it.
    assert.deepEqual(second.messages.map((message) => message.role), ['system', 'user', 'assistant', 'tool']);
    assert.equal(second.messages[3].text, 'policy.docx');
    const assistant = result.messages.find((message) => message.role === 'assistant');
    assert.ok(assistant?.role === 'assistant');
    assert.equal(assistant.reasoning, 'Start with the policy.');
    assert.ok(assistant.modelCallId);
    assert.deepEqual(result.usage, { inputTokens: 250, outputTokens: 30, cachedInputTokens: 40, reasoningTokens: 4 });
  });

  it('records every call and replays a finished trial with no request at all', async () => {
    // Each turn answers by the conversation's progress, so every trial plays the same episode.
    const { server, agent } = await openAIAgent((request) => episode[request.assistantTurns]);
    const recorder = createMemoryModelCalls();
    const first = await loop(agent, { recorder });
    assert.equal(recorder.calls.length, 2);
    assert.deepEqual(recorder.calls.map((call) => call.step), [1, 2]);
    assert.ok(!JSON.stringify(recorder.calls).includes(canary), 'no key in the recording');
    const replay = await loop(agent, { recorder });
    assert.equal(server.requests.length, 2, 'the rerun made no request');
    assert.deepEqual(withoutTimings(replay.messages), withoutTimings(first.messages));
    // Another trial (another trial id) never shares a recorded answer.
    await loop(agent, { recorder, trialId: 'scenario/cell#local:m#2' });
    assert.equal(server.requests.length, 4);
  });

  it('takes settings from the config and the command line over the paper defaults', async () => {
    const { server, agent } = await openAIAgent(episode, { temperature: 0.3, maxOutputTokens: 512 });
    await loop(agent);
    assert.equal(server.requests[0].temperature, 0.3);
    assert.equal(server.requests[0].maxOutputTokens, 512);
    const config = peerwatchConfigSchema.parse({ model: { temperature: 0.3, reasoningEffort: 'low' } });
    assert.deepEqual(modelSettings({ config, overrides: { temperature: 0.9 } }), { temperature: 0.9, maxOutputTokens: 8192, reasoningEffort: 'low', timeoutSeconds: 300 });
  });

  it('passes an unknown tool and malformed arguments through to the world, which answers with an error', async () => {
    const { agent } = await openAIAgent([
      { type: 'message', toolCalls: [{ name: 'format_disk', arguments: {} }, { name: 'view_sheet', arguments: '{"name": ' }] },
      { type: 'message', toolCalls: [{ name: 'end_task', arguments: {} }] },
    ]);
    const step = await agent.step({ messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }], tools, context: context() });
    assert.deepEqual(step.toolCalls.map((call) => [call.toolName, call.input]), [['format_disk', {}], ['view_sheet', {}]]);
  });
});

describe('model agent faults', () => {
  const start: FakeReply = { type: 'message', text: 'Looking.', toolCalls: [{ name: 'list_files', arguments: {} }] };
  const cases: Array<{ name: string; fault: FakeReply; retryable: boolean; pattern: RegExp; retryAfter?: number; timeoutSeconds?: number }> = [
    { name: '429 with Retry-After', fault: { type: 'error', status: 429, retryAfterSeconds: 12 }, retryable: true, pattern: /HTTP 429/, retryAfter: 12 },
    { name: '500', fault: { type: 'error', status: 500 }, retryable: true, pattern: /HTTP 500/ },
    { name: '400', fault: { type: 'error', status: 400, message: 'context too long' }, retryable: false, pattern: /HTTP 400.*context too long/ },
    { name: 'malformed body', fault: { type: 'malformed' }, retryable: false, pattern: /Invalid JSON response/ },
    { name: 'cut connection', fault: { type: 'disconnect' }, retryable: true, pattern: /request failed/ },
    { name: 'slow response past the timeout', fault: { type: 'hang' }, retryable: true, pattern: /timed out after 0.2 s/, timeoutSeconds: 0.2 },
  ];
  for (const fault of cases) {
    it(`ends the trial as an error at the failing step, keeping the transcript so far: ${fault.name}`, async () => {
      const { agent } = await openAIAgent([start, fault.fault], fault.timeoutSeconds ? { timeoutSeconds: fault.timeoutSeconds } : {});
      const result = await loop(agent);
      assert.equal(result.status, 'error');
      assert.equal(result.steps, 2);
      assert.equal(result.messages.filter((message) => message.role === 'assistant').length, 1);
      assert.equal(result.messages.filter((message) => message.role === 'tool').length, 1);
      assert.equal(result.error?.name, 'AgentError');
      assert.equal(result.error?.retryable, fault.retryable);
      assert.match(result.error?.message ?? '', fault.pattern);
      assert.ok(!result.error?.message.includes(canary));
      if (fault.retryAfter !== undefined) {
        const { agent: direct } = await openAIAgent([fault.fault]);
        const error = await direct.step({ messages: [{ role: 'user', content: 'u' }], tools, context: context() }).catch((caught: unknown) => caught);
        assert.ok(AgentError.isInstance(error));
        assert.equal(error.retryAfterSeconds, fault.retryAfter);
      }
    });
  }
});

describe('the model agent on the Anthropic protocol', () => {
  it('sends reasoning back with its signature on the next turn and keeps it in the transcript', async () => {
    const server = await startFakeAnthropicServer({
      script: [
        { type: 'message', reasoning: 'Check the sheet first.', text: 'Looking.', toolCalls: [{ name: 'list_files', arguments: {} }] },
        { type: 'message', toolCalls: [{ name: 'end_task', arguments: {} }] },
      ],
    });
    servers.push(server);
    const config = peerwatchConfigSchema.parse({ model: { reasoningEffort: 'low' } });
    const agent = createModelAgent({ spec: 'anthropic:claude-haiku-4-5', config, env: { ANTHROPIC_API_KEY: canary, ANTHROPIC_BASE_URL: server.baseURL } });
    assert.equal(agent.family, 'Claude');
    const result = await loop(agent);
    assert.equal(result.status, 'completed');
    const body = server.requests[1].body as { messages: Array<{ role: string; content: Array<{ type: string; signature?: string; thinking?: string }> }> };
    const thinking = body.messages.find((message) => message.role === 'assistant')?.content.find((part) => part.type === 'thinking');
    assert.equal(thinking?.thinking, 'Check the sheet first.');
    assert.equal(thinking?.signature, 'sig-fake-1');
    assert.equal(server.requests[0].headers['x-api-key'], canary);
    const first = result.messages.find((message) => message.role === 'assistant');
    assert.equal(first?.role === 'assistant' ? first.reasoning : undefined, 'Check the sheet first.');
    assert.ok(agent.costOf !== undefined && typeof agent.costOf(result.usage) === 'number');
  });
});
