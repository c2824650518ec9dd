import {
  argumentsText,
  pieces,
  startFakeModelServer,
  type FakeMessage,
  type FakeModelServer,
  type FakeProtocol,
  type FakeScript,
} from './fake-model-server.ts';

type Block = {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
};

function blocks(content: unknown): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content as Block[]) : [];
}

function blockText(content: unknown): string {
  return blocks(content)
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('');
}

function toolInput(call: { arguments: Record<string, unknown> | string }): unknown {
  if (typeof call.arguments !== 'string') return call.arguments;
  try {
    return JSON.parse(call.arguments);
  } catch {
    return call.arguments;
  }
}

const stopReason = (hasCalls: boolean, finishReason: string | undefined) => finishReason ?? (hasCalls ? 'tool_use' : 'end_turn');

/** The Anthropic Messages protocol (`POST /v1/messages`). */
export const anthropicMessagesProtocol: FakeProtocol = {
  matches: (path) => path.endsWith('/messages'),
  parse: (body) => {
    const messages: FakeMessage[] = [];
    const system = body.system === undefined ? '' : blockText(body.system);
    if (system !== '') messages.push({ role: 'system', text: system, toolCalls: [] });
    for (const message of (body.messages as Array<{ role: string; content: unknown }> | undefined) ?? []) {
      const parts = blocks(message.content);
      if (message.role === 'assistant') {
        messages.push({
          role: 'assistant',
          text: blockText(parts),
          toolCalls: parts.filter((part) => part.type === 'tool_use').map((part) => ({ id: part.id ?? '', name: part.name ?? '', input: part.input })),
        });
        continue;
      }
      for (const part of parts.filter((candidate) => candidate.type === 'tool_result')) {
        messages.push({ role: 'tool', text: blockText(part.content), toolCalls: [], toolCallId: part.tool_use_id, isError: part.is_error === true });
      }
      const text = blockText(parts);
      if (text !== '' || !parts.some((part) => part.type === 'tool_result')) messages.push({ role: 'user', text, toolCalls: [] });
    }
    const tools = (body.tools as Array<{ name: string }> | undefined) ?? [];
    return {
      model: String(body.model ?? ''),
      stream: body.stream === true,
      messages,
      toolNames: tools.map((tool) => tool.name),
      temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
      maxOutputTokens: typeof body.max_tokens === 'number' ? body.max_tokens : undefined,
    };
  },
  json: ({ reply, request, usage, id }) => {
    const content: unknown[] = [];
    if (reply.reasoning !== undefined) content.push({ type: 'thinking', thinking: reply.reasoning, signature: `sig-${id}` });
    if (reply.text !== undefined && reply.text !== '') content.push({ type: 'text', text: reply.text });
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      content.push({ type: 'tool_use', id: call.id ?? `toolu_${id}_${index}`, name: call.name, input: toolInput(call) });
    }
    return {
      id: `msg_${id}`,
      type: 'message',
      role: 'assistant',
      model: request.model,
      content,
      stop_reason: stopReason((reply.toolCalls ?? []).length > 0, reply.finishReason),
      stop_sequence: null,
      usage: {
        input_tokens: usage.inputTokens - usage.cachedInputTokens,
        output_tokens: usage.outputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: usage.cachedInputTokens,
      },
    };
  },
  events: ({ reply, request, usage, id }) => {
    const events: Array<{ event: string; data: unknown }> = [];
    const send = (event: string, data: Record<string, unknown>) => events.push({ event, data: { type: event, ...data } });
    send('message_start', {
      message: {
        id: `msg_${id}`,
        type: 'message',
        role: 'assistant',
        model: request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.inputTokens - usage.cachedInputTokens, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: usage.cachedInputTokens },
      },
    });
    let index = 0;
    if (reply.reasoning !== undefined) {
      send('content_block_start', { index, content_block: { type: 'thinking', thinking: '' } });
      for (const part of pieces(reply.reasoning)) send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: part } });
      send('content_block_delta', { index, delta: { type: 'signature_delta', signature: `sig-${id}` } });
      send('content_block_stop', { index });
      index += 1;
    }
    if (reply.text !== undefined && reply.text !== '') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const part of pieces(reply.text)) send('content_block_delta', { index, delta: { type: 'text_delta', text: part } });
      send('content_block_stop', { index });
      index += 1;
    }
    for (const [callIndex, call] of (reply.toolCalls ?? []).entries()) {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: call.id ?? `toolu_${id}_${callIndex}`, name: call.name, input: {} } });
      for (const part of pieces(argumentsText(call))) send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
      send('content_block_stop', { index });
      index += 1;
    }
    send('message_delta', {
      delta: { stop_reason: stopReason((reply.toolCalls ?? []).length > 0, reply.finishReason), stop_sequence: null },
      usage: { output_tokens: usage.outputTokens },
    });
    send('message_stop', {});
    return events;
  },
  error: ({ status, message }) => ({
    type: 'error',
    error: {
      type:
        status === 429
          ? 'rate_limit_error'
          : status === 529
            ? 'overloaded_error'
            : status >= 500
              ? 'api_error'
              : status === 401
                ? 'authentication_error'
                : status === 404
                  ? 'not_found_error'
                  : 'invalid_request_error',
      message,
    },
  }),
  extra: ({ method, path }) =>
    method === 'GET' && path.endsWith('/models')
      ? { data: [{ type: 'model', id: 'claude-fake', display_name: 'Fake', created_at: '2026-01-01T00:00:00Z' }], has_more: false, first_id: 'claude-fake', last_id: 'claude-fake' }
      : undefined,
};

/**
 * A fake Anthropic Messages server on 127.0.0.1 (JSON and SSE streaming), scripted like the fake OpenAI server. A
 * test double for `@ai-sdk/anthropic` and for harnesses that speak the Anthropic protocol.
 */
export function startFakeAnthropicServer(options: { script: FakeScript }): Promise<FakeModelServer> {
  return startFakeModelServer({ protocol: anthropicMessagesProtocol, script: options.script });
}
