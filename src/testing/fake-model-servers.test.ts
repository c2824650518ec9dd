import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, streamText, type LanguageModel } from 'ai';
import { z } from 'zod';
import { startFakeAnthropicServer, startFakeOpenAIServer, type FakeModelServer, type FakeReply } from './index.ts';

const tools = { view_sheet: { description: 'Show a sheet', inputSchema: z.object({ name: z.string() }) } };
const toolTurn: FakeReply = {
  type: 'message',
  text: 'Let me look at the data.',
  reasoning: 'The sheet has the answers.',
  toolCalls: [{ name: 'view_sheet', arguments: { name: 'Evaluation data' } }],
  usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20, reasoningTokens: 8 },
};

type Wire = { label: string; start: typeof startFakeOpenAIServer; model: (server: FakeModelServer) => LanguageModel };
const wires: Wire[] = [
  {
    label: 'OpenAI-compatible chat (@ai-sdk/openai-compatible)',
    start: startFakeOpenAIServer,
    model: (server) => createOpenAICompatible({ name: 'local', baseURL: server.baseURL, apiKey: 'test-key', includeUsage: true }).chatModel('fake-model'),
  },
  {
    label: 'OpenAI chat (@ai-sdk/openai .chat)',
    start: startFakeOpenAIServer,
    model: (server) => createOpenAI({ baseURL: server.baseURL, apiKey: 'test-key' }).chat('gpt-4.1-mini'),
  },
  {
    label: 'Anthropic messages (@ai-sdk/anthropic)',
    start: startFakeAnthropicServer,
    model: (server) => createAnthropic({ baseURL: server.baseURL, apiKey: 'test-key' })('claude-haiku-4-5'),
  },
];

const servers: FakeModelServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

for (const wire of wires) {
  describe(`fake server: ${wire.label}`, () => {
    it('answers generateText with tool calls, reasoning and usage in the JSON shape the provider parses', async () => {
      const server = await wire.start({ script: [toolTurn] });
      servers.push(server);
      const result = await generateText({ model: wire.model(server), instructions: 'Be brief.', prompt: 'Grade it.', tools, maxRetries: 0 });
      assert.equal(result.text, 'Let me look at the data.');
      assert.deepEqual(result.toolCalls.map((call) => [call.toolName, call.input]), [['view_sheet', { name: 'Evaluation data' }]]);
      assert.equal(result.usage.inputTokens, 120);
      assert.equal(result.usage.outputTokens, 30);
      assert.equal(result.usage.inputTokenDetails.cacheReadTokens, 20);
      if (!wire.label.startsWith('OpenAI chat')) assert.equal(result.reasoningText, 'The sheet has the answers.');
      const request = server.requests[0];
      assert.equal(request.stream, false);
      assert.deepEqual(request.toolNames, ['view_sheet']);
      assert.equal(request.messages[0].role, 'system');
      assert.equal(request.messages[0].text, 'Be brief.');
      assert.equal(request.assistantTurns, 0);
    });

    it('streams the same turn as server-sent events', async () => {
      const server = await wire.start({ script: [toolTurn] });
      servers.push(server);
      const result = streamText({ model: wire.model(server), prompt: 'Grade it.', tools, maxRetries: 0 });
      const deltas: string[] = [];
      for await (const part of result.stream) if (part.type === 'text-delta') deltas.push(part.text);
      assert.ok(deltas.length > 1, 'text arrives in several deltas');
      assert.equal(deltas.join(''), 'Let me look at the data.');
      const calls = await result.toolCalls;
      assert.deepEqual(calls.map((call) => [call.toolName, call.input]), [['view_sheet', { name: 'Evaluation data' }]]);
      assert.equal((await result.usage).outputTokens, 30);
      assert.equal(server.requests[0].stream, true);
    });

    it('fails with the status and Retry-After of a 429, and with a 5xx', async () => {
      const server = await wire.start({ script: [{ type: 'error', status: 429, retryAfterSeconds: 7 }, { type: 'error', status: 503 }] });
      servers.push(server);
      const failure = async () => {
        try {
          await generateText({ model: wire.model(server), prompt: 'x', maxRetries: 0 });
        } catch (error) {
          return error;
        }
        assert.fail('the call should fail');
      };
      const limited = await failure();
      assert.ok(APICallError.isInstance(limited));
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.responseHeaders?.['retry-after'], '7');
      const unavailable = await failure();
      assert.ok(APICallError.isInstance(unavailable) && unavailable.statusCode === 503 && unavailable.isRetryable);
    });

    it('lets the client see a malformed body as an invalid response', async () => {
      const server = await wire.start({ script: [{ type: 'malformed' }] });
      servers.push(server);
      await assert.rejects(generateText({ model: wire.model(server), prompt: 'x', maxRetries: 0 }), /Invalid JSON response/);
    });

    it('reads the conversation of a later turn back into protocol-neutral messages', async () => {
      const server = await wire.start({ script: [toolTurn, { type: 'message', text: 'Done.' }] });
      servers.push(server);
      await generateText({
        model: wire.model(server),
        prompt: 'Grade it.',
        tools: { view_sheet: { ...tools.view_sheet, execute: async () => 'row 1: correct' } },
        stopWhen: () => false,
        maxRetries: 0,
      }).catch(() => undefined);
      const second = server.requests[1];
      assert.equal(second.assistantTurns, 1);
      const toolResult = second.messages.find((message) => message.role === 'tool');
      assert.ok(toolResult?.text.includes('row 1: correct'));
      assert.equal(toolResult?.toolCallId, second.messages.find((message) => message.role === 'assistant')?.toolCalls[0].id);
    });
  });
}

describe('fake server plumbing', () => {
  it('answers model lists, unknown routes with 404, and closes while a request hangs', async () => {
    const server = await startFakeOpenAIServer({ script: [{ type: 'hang' }] });
    const models = await fetch(`${server.baseURL}/models`).then((response) => response.json());
    assert.equal(models.data[0].id, 'fake-model');
    assert.equal((await fetch(`${server.baseURL}/nowhere`, { method: 'POST', body: '{}' })).status, 404);
    const hanging = fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) }).catch((error: Error) => error);
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await server.close();
    assert.ok((await hanging) instanceof Error, 'the hanging request is cut when the server closes');
  });
});
