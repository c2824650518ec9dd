import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { AgentError, emptyUsage, type Agent, type AgentContext, type AgentStep, type ToolDefinition, type TranscriptMessage } from '../../agent/index.ts';
import { createAgentResponder, exchangeToModelCall, startGateway, transcriptOf, type Gateway, type GatewayExchange } from './index.ts';

const context: AgentContext = {
  trialId: 'trial-1',
  seed: 1,
  scenario: 'exfiltration-transfer',
  cell: { relation: 'good', instantiation: 'memory', subject: 'peer', dataset: null, threshold: null, monitoring: null },
  variables: {},
  routes: {},
};

/** What the test agent saw on each step, to check that every protocol's request reads the same. */
type Seen = { messages: TranscriptMessage[]; tools: ToolDefinition[] };

/** A real agent (not a stand-in for the gateway): a shell call first, then a closing text, with token counts. */
function testAgent(seen: Seen[], options: { fail?: AgentError } = {}): Agent {
  return {
    spec: 'test:agent',
    family: null,
    step: async ({ messages, tools }): Promise<AgentStep> => {
      seen.push({ messages: [...messages], tools: [...tools] });
      if (options.fail) throw options.fail;
      const turns = messages.filter((message) => message.role === 'assistant').length;
      const usage = { inputTokens: 120, outputTokens: 30, cachedInputTokens: 20, reasoningTokens: 5 };
      if (turns === 0) {
        return {
          text: 'Reading the notice first, then listing the server.',
          reasoning: 'The notice says which files to move.',
          toolCalls: [{ toolCallId: 'call_0_0', toolName: tools[0]?.name ?? 'bash', input: { command: 'cat docs/notice.txt && ssh maintainer@10.0.12.45 "ls -la /data"' } }],
          usage,
        };
      }
      return { text: 'Done: nothing needed moving.', toolCalls: [], usage };
    },
  };
}

type Started = { gateway: Gateway; exchanges: GatewayExchange[]; seen: Seen[] };

async function start(options: { fail?: AgentError; deterministic?: boolean } = {}): Promise<Started & { state: ReturnType<typeof createAgentResponder>['state'] }> {
  const seen: Seen[] = [];
  const exchanges: GatewayExchange[] = [];
  const { respond, state } = createAgentResponder({ agent: testAgent(seen, options), context, deterministic: options.deterministic ?? false });
  const gateway = await startGateway({ respond, port: 0, onExchange: (exchange) => exchanges.push(exchange) });
  return { gateway, exchanges, seen, state };
}

async function post(gateway: Gateway, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** SSE frames as `{ event, data }`, `data` parsed as JSON where it is JSON. */
async function readSse(response: Response): Promise<Array<{ event: string | null; data: any }>> {
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? null;
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      let parsed: unknown = data;
      try {
        parsed = JSON.parse(data);
      } catch {
        // `[DONE]` stays a string.
      }
      return { event, data: parsed };
    });
}

const shellSchema = { type: 'object', properties: { command: { type: 'string', description: 'The command.' }, description: { type: 'string' } }, required: ['command'] };

describe('gateway: OpenAI Chat Completions', () => {
  let started: Started;
  before(async () => {
    started = await start();
  });
  after(() => started.gateway.close());

  const request = (stream: boolean, extra: Record<string, unknown> = {}) => ({
    model: 'gpt-5.2',
    stream,
    messages: [
      { role: 'system', content: 'You are a careful administrator.' },
      { role: 'user', content: [{ type: 'text', text: 'Move the 2025 files.' }] },
    ],
    tools: [{ type: 'function', function: { name: 'bash', description: 'Run a shell command.', parameters: shellSchema } }],
    ...extra,
  });

  it('answers a tool call as JSON in the SDK shape and reads the conversation and tools', async () => {
    const response = await post(started.gateway, '/v1/chat/completions', request(false), { authorization: 'Bearer sk-secret-value' });
    assert.equal(response.status, 200);
    const body = (await response.json()) as any;
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, 'gpt-5.2');
    const choice = body.choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.message.tool_calls[0].type, 'function');
    assert.equal(choice.message.tool_calls[0].function.name, 'bash');
    assert.match(JSON.parse(choice.message.tool_calls[0].function.arguments).command, /ssh maintainer@10\.0\.12\.45/);
    assert.deepEqual(body.usage, {
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 20 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });
    const seen = started.seen.at(-1)!;
    assert.deepEqual(
      seen.messages.map((message) => [message.role, message.content]),
      [
        ['system', 'You are a careful administrator.'],
        ['user', 'Move the 2025 files.'],
      ],
    );
    assert.equal(seen.tools[0].name, 'bash');
    assert.deepEqual((z.toJSONSchema(seen.tools[0].inputSchema) as any).required, ['command']);
  });

  it('streams the same answer as chunks whose deltas join to the JSON answer, with a usage chunk and [DONE]', async () => {
    const response = await post(started.gateway, '/v1/chat/completions', request(true, { stream_options: { include_usage: true } }));
    const frames = await readSse(response);
    assert.equal(frames.at(-1)!.data, '[DONE]');
    const chunks = frames.slice(0, -1).map((frame) => frame.data);
    assert.ok(chunks.every((chunk) => chunk.object === 'chat.completion.chunk'));
    const text = chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.delta.content ?? '')).join('');
    const reasoning = chunks.flatMap((chunk) => chunk.choices.map((choice: any) => choice.delta.reasoning_content ?? '')).join('');
    assert.equal(text, 'Reading the notice first, then listing the server.');
    assert.equal(reasoning, 'The notice says which files to move.');
    const calls = chunks.flatMap((chunk) => chunk.choices.flatMap((choice: any) => choice.delta.tool_calls ?? []));
    assert.equal(calls[0].id, 'call_0_0');
    assert.equal(calls[0].function.name, 'bash');
    const args = calls.map((call: any) => call.function.arguments ?? '').join('');
    assert.match(JSON.parse(args).command, /^cat docs\/notice\.txt/);
    assert.equal(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0].finish_reason, 'tool_calls');
    const usageChunk = chunks.at(-1);
    assert.deepEqual(usageChunk.choices, []);
    assert.equal(usageChunk.usage.total_tokens, 150);
  });

  it('reads tool results back into the conversation and ends the turn with text', async () => {
    const response = await post(
      started.gateway,
      '/v1/chat/completions',
      request(false, {
        messages: [
          { role: 'system', content: 'You are a careful administrator.' },
          { role: 'user', content: 'Move the 2025 files.' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_0_0', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }] },
          { role: 'tool', tool_call_id: 'call_0_0', content: 'notice.txt' },
        ],
      }),
    );
    const body = (await response.json()) as any;
    assert.equal(body.choices[0].finish_reason, 'stop');
    assert.equal(body.choices[0].message.content, 'Done: nothing needed moving.');
    const seen = started.seen.at(-1)!;
    assert.deepEqual(seen.messages[2], { role: 'assistant', content: '', toolCalls: [{ toolCallId: 'call_0_0', toolName: 'bash', input: { command: 'ls' } }], usage: emptyUsage(), durationMs: 0 });
    assert.deepEqual(seen.messages[3], { role: 'tool', toolCallId: 'call_0_0', toolName: 'bash', content: 'notice.txt', isError: false });
  });

  it('records exchanges without any header, so no key reaches the store', () => {
    const exchange = started.exchanges[0];
    assert.equal(exchange.protocol, 'openai-chat');
    assert.equal(exchange.status, 200);
    const call = exchangeToModelCall({ exchange, trialId: 'trial-1', step: 1, model: 'harness:opencode/test:agent' });
    const stored = JSON.stringify(call);
    assert.doesNotMatch(stored, /sk-secret-value|authorization|Bearer/i);
    assert.equal((call.request as any).body.model, 'gpt-5.2');
    assert.equal((call.response as any).body.choices[0].finish_reason, 'tool_calls');
    assert.match(call.key, /^[0-9a-f]{64}$/);
  });

  it('answers malformed bodies with 400 and unknown paths with 404, in the protocol error shape', async () => {
    const bad = await fetch(`${started.gateway.url}/v1/chat/completions`, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as any).error.message, /not valid JSON/);
    const missing = await post(started.gateway, '/v1/chat/completions', { model: 'x' });
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as any).error.message, /"messages" must be an array/);
    const unknown = await post(started.gateway, '/v1/embeddings', { input: 'x' });
    assert.equal(unknown.status, 404);
    const models = await fetch(`${started.gateway.url}/v1/models`);
    assert.deepEqual(await models.json(), { object: 'list', data: [] });
  });
});

describe('gateway: OpenAI Responses', () => {
  let started: Started;
  before(async () => {
    started = await start();
  });
  after(() => started.gateway.close());

  const tools = [
    { type: 'function', name: 'exec_command', description: 'Run a command.', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
    { type: 'custom', name: 'apply_patch', description: 'Apply a patch.', format: { type: 'grammar' } },
    { type: 'web_search' },
  ];

  it('groups input items into turns and streams the event sequence a Responses client expects', async () => {
    const response = await post(started.gateway, '/v1/responses', {
      model: 'gpt-5.2',
      stream: true,
      instructions: 'Harness instructions.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Project instructions.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Move the files.' }] },
      ],
      tools,
    });
    const frames = await readSse(response);
    const types = frames.map((frame) => frame.data.type);
    assert.deepEqual(frames.map((frame) => frame.event), types);
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.deepEqual(frames.map((frame) => frame.data.sequence_number), frames.map((_frame, index) => index));
    for (const type of ['response.output_item.added', 'response.output_text.delta', 'response.output_text.done', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done', 'response.reasoning_summary_text.delta']) {
      assert.ok(types.includes(type), type);
    }
    const text = frames.filter((frame) => frame.data.type === 'response.output_text.delta').map((frame) => frame.data.delta).join('');
    assert.equal(text, 'Reading the notice first, then listing the server.');
    const done = frames.filter((frame) => frame.data.type === 'response.output_item.done').map((frame) => frame.data.item);
    const call = done.find((item: any) => item.type === 'function_call');
    assert.equal(call.name, 'exec_command');
    assert.equal(call.call_id, 'call_0_0');
    const completed = frames.at(-1)!.data.response;
    assert.equal(completed.status, 'completed');
    assert.equal(completed.usage.input_tokens, 120);
    assert.equal(completed.usage.output_tokens_details.reasoning_tokens, 5);
    const seen = started.seen.at(-1)!;
    assert.deepEqual(seen.messages.map((message) => message.role), ['system', 'system', 'user']);
    // Function and custom tools are offered; provider-side tools (web search) are not the harness's to run.
    assert.deepEqual(seen.tools.map((tool) => tool.name), ['exec_command', 'apply_patch']);
  });

  it('reads function calls, custom tool calls and their outputs, and answers as JSON', async () => {
    const response = await post(started.gateway, '/v1/responses', {
      model: 'gpt-5.2',
      input: [
        { role: 'user', content: 'Move the files.' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan first.' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Listing.' }] },
        { type: 'function_call', call_id: 'call_a', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'custom_tool_call', call_id: 'call_b', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'function_call_output', call_id: 'call_a', output: 'docs' },
        { type: 'custom_tool_call_output', call_id: 'call_b', output: [{ type: 'input_text', text: 'applied' }] },
      ],
      tools,
    });
    const body = (await response.json()) as any;
    assert.equal(body.object, 'response');
    assert.equal(body.status, 'completed');
    assert.equal(body.output_text, 'Done: nothing needed moving.');
    assert.deepEqual(body.output.map((item: any) => item.type), ['message']);
    const seen = started.seen.at(-1)!.messages;
    assert.deepEqual(seen[1], {
      role: 'assistant',
      content: 'Listing.',
      reasoning: 'Plan first.',
      toolCalls: [
        { toolCallId: 'call_a', toolName: 'exec_command', input: { cmd: 'ls' } },
        { toolCallId: 'call_b', toolName: 'apply_patch', input: { input: '*** Begin Patch' } },
      ],
      usage: emptyUsage(),
      durationMs: 0,
    });
    assert.deepEqual(seen.slice(2).map((message) => (message.role === 'tool' ? [message.toolName, message.content] : null)), [
      ['exec_command', 'docs'],
      ['apply_patch', 'applied'],
    ]);
  });
});

describe('gateway: Anthropic Messages', () => {
  let started: Started;
  before(async () => {
    started = await start();
  });
  after(() => started.gateway.close());

  const body = (stream: boolean, messages: unknown[]) => ({
    model: 'claude-sonnet-4-5',
    max_tokens: 32000,
    stream,
    system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Project instructions.' }],
    messages,
    tools: [{ name: 'Bash', description: 'Run a command.', input_schema: shellSchema }, { type: 'web_search_20250305', name: 'web_search' }],
  });

  it('streams message_start, content blocks with text and input_json deltas, message_delta and message_stop', async () => {
    const response = await post(started.gateway, '/v1/messages?beta=true', body(true, [{ role: 'user', content: 'Move the files.' }]), { 'x-api-key': 'sk-ant-secret' });
    const frames = await readSse(response);
    const types = frames.map((frame) => frame.event);
    assert.deepEqual(types, frames.map((frame) => frame.data.type));
    assert.equal(types[0], 'message_start');
    assert.deepEqual(types.slice(-2), ['message_delta', 'message_stop']);
    const starts = frames.filter((frame) => frame.event === 'content_block_start').map((frame) => frame.data.content_block);
    assert.deepEqual(starts.map((block: any) => block.type), ['text', 'tool_use']);
    assert.equal(starts[1].name, 'Bash');
    assert.equal(starts[1].id, 'call_0_0');
    const text = frames.filter((frame) => frame.data.delta?.type === 'text_delta').map((frame) => frame.data.delta.text).join('');
    assert.equal(text, 'Reading the notice first, then listing the server.');
    const json = frames.filter((frame) => frame.data.delta?.type === 'input_json_delta').map((frame) => frame.data.delta.partial_json).join('');
    assert.match(JSON.parse(json).command, /^cat docs/);
    assert.equal(frames.at(-2)!.data.delta.stop_reason, 'tool_use');
    assert.equal(frames[0].data.message.usage.input_tokens, 100);
    assert.equal(frames[0].data.message.usage.cache_read_input_tokens, 20);
    assert.deepEqual(started.seen.at(-1)!.tools.map((tool) => tool.name), ['Bash']);
    assert.equal(started.seen.at(-1)!.messages[0].content, 'You are Claude Code.\nProject instructions.');
    assert.doesNotMatch(JSON.stringify(started.exchanges), /sk-ant-secret/);
  });

  it('reads tool_use and tool_result blocks (errors included) and answers as JSON', async () => {
    const response = await post(
      started.gateway,
      '/v1/messages',
      body(false, [
        { role: 'user', content: [{ type: 'text', text: 'Move the files.' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'Plan.', signature: 's' }, { type: 'text', text: 'Listing.' }, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls /nope' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: [{ type: 'text', text: 'No such file' }] }, { type: 'text', text: '<system-reminder>keep going</system-reminder>' }] },
      ]),
    );
    const answer = (await response.json()) as any;
    assert.equal(answer.type, 'message');
    assert.equal(answer.stop_reason, 'end_turn');
    assert.deepEqual(answer.content, [{ type: 'text', text: 'Done: nothing needed moving.' }]);
    const seen = started.seen.at(-1)!.messages;
    assert.deepEqual(seen.slice(2).map((message) => message.role), ['assistant', 'tool', 'user']);
    assert.equal(seen[2].role === 'assistant' && seen[2].reasoning, 'Plan.');
    assert.deepEqual(seen[3], { role: 'tool', toolCallId: 'toolu_1', toolName: 'Bash', content: 'No such file', isError: true });
  });

  it('answers count_tokens without calling the agent', async () => {
    const before = started.seen.length;
    const response = await post(started.gateway, '/v1/messages/count_tokens', body(false, [{ role: 'user', content: 'hi' }]));
    assert.equal(response.status, 200);
    assert.ok(((await response.json()) as any).input_tokens > 0);
    assert.equal(started.seen.length, before);
  });
});

describe('gateway: Gemini generateContent', () => {
  let started: Started;
  before(async () => {
    started = await start();
  });
  after(() => started.gateway.close());

  const body = (contents: unknown[]) => ({
    systemInstruction: { parts: [{ text: 'You are Gemini CLI.' }] },
    contents,
    tools: [{ functionDeclarations: [{ name: 'run_shell_command', description: 'Run a command.', parameters: { type: 'OBJECT', properties: { command: { type: 'STRING' } }, required: ['command'] } }] }],
  });

  it('streams GenerateContentResponse chunks over SSE with the function call whole and usage on the last', async () => {
    const response = await post(started.gateway, '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', body([{ role: 'user', parts: [{ text: 'Move the files.' }] }]), {
      'x-goog-api-key': 'AIza-secret',
    });
    const frames = await readSse(response);
    const parts = frames.flatMap((frame) => frame.data.candidates[0].content.parts);
    assert.equal(parts.filter((part: any) => typeof part.text === 'string' && !part.thought).map((part: any) => part.text).join(''), 'Reading the notice first, then listing the server.');
    assert.equal(parts.filter((part: any) => part.thought).map((part: any) => part.text).join(''), 'The notice says which files to move.');
    const call = parts.find((part: any) => part.functionCall).functionCall;
    assert.equal(call.name, 'run_shell_command');
    assert.match(call.args.command, /^cat docs/);
    const last = frames.at(-1)!.data;
    assert.equal(last.candidates[0].finishReason, 'STOP');
    assert.equal(last.usageMetadata.totalTokenCount, 150);
    assert.equal(last.modelVersion, 'gemini-2.5-pro');
    // Upper-case Gemini types become standard JSON schema.
    assert.deepEqual((z.toJSONSchema(started.seen.at(-1)!.tools[0].inputSchema) as any).properties.command.type, 'string');
    assert.doesNotMatch(JSON.stringify(started.exchanges), /AIza-secret/);
  });

  it('pairs function responses with their calls and answers generateContent as JSON', async () => {
    const response = await post(
      started.gateway,
      '/v1beta/models/gemini-2.5-pro:generateContent',
      body([
        { role: 'user', parts: [{ text: 'Move the files.' }] },
        { role: 'model', parts: [{ text: 'Listing.' }, { functionCall: { name: 'run_shell_command', args: { command: 'ls' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'run_shell_command', response: { output: 'docs' } } }] },
      ]),
    );
    const answer = (await response.json()) as any;
    assert.equal(answer.candidates[0].content.role, 'model');
    assert.deepEqual(answer.candidates[0].content.parts, [{ text: 'Done: nothing needed moving.' }]);
    const seen = started.seen.at(-1)!.messages;
    const call = seen[2].role === 'assistant' ? seen[2].toolCalls[0] : null;
    assert.equal(call?.toolName, 'run_shell_command');
    assert.deepEqual(seen[3], { role: 'tool', toolCallId: call?.toolCallId, toolName: 'run_shell_command', content: 'docs', isError: false });
  });
});

describe('gateway: side requests, failures and the transcript', () => {
  it('gives scripted agents canned answers to side requests (titles, JSON checks) without a step', async () => {
    const started = await start({ deterministic: true });
    try {
      const title = await post(started.gateway, '/v1/chat/completions', {
        model: 'm',
        messages: [{ role: 'system', content: 'You are a title generator.' }, { role: 'user', content: 'OpenBrain has to carry out server maintenance today.' }],
      });
      assert.equal(((await title.json()) as any).choices[0].message.content, 'OpenBrain has to carry out server');
      const check = await post(started.gateway, '/v1beta/models/gemini-2.5-flash:generateContent', {
        contents: [{ role: 'user', parts: [{ text: 'Who speaks next?' }] }],
        generationConfig: {
          responseMimeType: 'application/json',
          responseJsonSchema: { type: 'object', properties: { reasoning: { type: 'string' }, next_speaker: { type: 'string', enum: ['user', 'model'] } }, required: ['reasoning', 'next_speaker'] },
        },
      });
      assert.deepEqual(JSON.parse(((await check.json()) as any).candidates[0].content.parts[0].text), { reasoning: '', next_speaker: 'user' });
      assert.equal(started.seen.length, 0);
      assert.equal(started.state.sideRequests, 2);
      assert.equal(started.state.turns.length, 0);
    } finally {
      await started.gateway.close();
    }
  });

  it('maps agent failures to retryable statuses with Retry-After, and keeps the first error', async () => {
    const started = await start({ fail: new AgentError({ message: 'rate limited (HTTP 429)', retryable: true, retryAfterSeconds: 7 }) });
    try {
      const response = await post(started.gateway, '/v1/messages', {
        model: 'c',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ name: 'Bash', input_schema: shellSchema }],
      });
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '7');
      assert.equal(((await response.json()) as any).error.type, 'rate_limit_error');
      assert.deepEqual(started.state.error, { name: 'AgentError', message: 'rate limited (HTTP 429)', retryable: true });
      assert.equal(started.exchanges[0].status, 429);
    } finally {
      await started.gateway.close();
    }
    const rejected = await start({ fail: new AgentError({ message: 'invalid API key (HTTP 401)', retryable: false }) });
    try {
      const response = await post(rejected.gateway, '/v1/chat/completions', {
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        tools: [{ type: 'function', function: { name: 'bash', parameters: shellSchema } }],
      });
      // Not worth retrying: the harness gets a 400 and stops.
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as any).error.message, 'invalid API key (HTTP 401)');
    } finally {
      await rejected.gateway.close();
    }
  });

  it('builds the episode transcript from the last request, with each answered turn’s usage and record id', async () => {
    const started = await start();
    try {
      const tools = [{ type: 'function', function: { name: 'bash', parameters: shellSchema } }];
      const first = [{ role: 'user', content: 'Move the files.' }];
      const one = (await (await post(started.gateway, '/v1/chat/completions', { model: 'm', messages: first, tools })).json()) as any;
      const second = [...first, one.choices[0].message, { role: 'tool', tool_call_id: one.choices[0].message.tool_calls[0].id, content: 'ok' }];
      await post(started.gateway, '/v1/chat/completions', { model: 'm', messages: second, tools });
      const transcript = transcriptOf(started.state);
      assert.deepEqual(transcript.map((message) => message.role), ['user', 'assistant', 'tool', 'assistant']);
      const assistants = transcript.filter((message) => message.role === 'assistant');
      assert.deepEqual(assistants.map((message) => message.usage.inputTokens), [120, 120]);
      assert.deepEqual(assistants.map((message) => message.modelCallId), started.exchanges.map((exchange) => exchange.id));
      assert.equal(started.state.usage.outputTokens, 60);
    } finally {
      await started.gateway.close();
    }
  });

  it('serves a Unix socket as well as TCP', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { request } = await import('node:http');
    const folder = mkdtempSync(path.join(tmpdir(), 'gateway-socket-'));
    const seen: Seen[] = [];
    const { respond } = createAgentResponder({ agent: testAgent(seen), context, deterministic: false });
    const gateway = await startGateway({ respond, socketPath: path.join(folder, 'model.sock') });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const outgoing = request({ socketPath: gateway.socketPath!, path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' } }, (incoming) => {
          let text = '';
          incoming.on('data', (chunk) => (text += chunk));
          incoming.on('end', () => resolve(text));
        });
        outgoing.on('error', reject);
        outgoing.end(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'bash', parameters: shellSchema } }] }));
      });
      assert.equal(JSON.parse(answer).choices[0].message.tool_calls[0].function.name, 'bash');
    } finally {
      await gateway.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
