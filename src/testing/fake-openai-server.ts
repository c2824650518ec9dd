import {
  argumentsText,
  pieces,
  startFakeModelServer,
  type FakeMessage,
  type FakeModelServer,
  type FakeProtocol,
  type FakeScript,
} from './fake-model-server.ts';

type WireMessage = {
  role: string;
  content?: unknown;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
};

/** Text of an OpenAI message content: a string or a list of `{ type: 'text', text }` parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : '')).join('');
  }
  return '';
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const created = 1_767_225_600; // 2026-01-01, fixed so replies are reproducible

/** The OpenAI Chat Completions protocol (`POST …/chat/completions`), as vLLM, Ollama and LiteLLM speak it. */
export const openAIChatProtocol: FakeProtocol = {
  matches: (path) => path.endsWith('/chat/completions'),
  parse: (body) => {
    const messages = ((body.messages as WireMessage[] | undefined) ?? []).map(
      (message): FakeMessage => ({
        role: (['system', 'developer'].includes(message.role) ? 'system' : message.role) as FakeMessage['role'],
        text: contentText(message.content),
        toolCalls: (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) })),
        ...(message.tool_call_id === undefined ? {} : { toolCallId: message.tool_call_id }),
      }),
    );
    const tools = (body.tools as Array<{ function: { name: string } }> | undefined) ?? [];
    return {
      model: String(body.model ?? ''),
      stream: body.stream === true,
      messages,
      toolNames: tools.map((tool) => tool.function.name),
      temperature: typeof body.temperature === 'number' ? body.temperature : undefined,
      maxOutputTokens: [body.max_completion_tokens, body.max_tokens].find((value): value is number => typeof value === 'number'),
    };
  },
  json: ({ reply, request, usage, id }) => {
    const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
      id: call.id ?? `call_${id}_${index}`,
      type: 'function',
      function: { name: call.name, arguments: argumentsText(call) },
    }));
    return {
      id: `chatcmpl-${id}`,
      object: 'chat.completion',
      created,
      model: request.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.text ?? null,
            ...(reply.reasoning === undefined ? {} : { reasoning_content: reply.reasoning }),
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
        },
      ],
      usage: wireUsage(usage),
    };
  },
  events: ({ reply, request, usage, id }) => {
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      data: {
        id: `chatcmpl-${id}`,
        object: 'chat.completion.chunk',
        created,
        model: request.model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      },
    });
    const events = [chunk({ role: 'assistant', content: '' })];
    for (const part of pieces(reply.reasoning ?? '')) events.push(chunk({ reasoning_content: part }));
    for (const part of pieces(reply.text ?? '')) events.push(chunk({ content: part }));
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const [first = '', ...rest] = pieces(argumentsText(call));
      events.push(chunk({ tool_calls: [{ index, id: call.id ?? `call_${id}_${index}`, type: 'function', function: { name: call.name, arguments: first } }] }));
      for (const part of rest) events.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
    const hasCalls = (reply.toolCalls ?? []).length > 0;
    events.push(chunk({}, reply.finishReason ?? (hasCalls ? 'tool_calls' : 'stop')));
    const body = request.body as { stream_options?: { include_usage?: boolean } };
    if (body.stream_options?.include_usage === true) {
      events.push({ data: { id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage: wireUsage(usage) } as never });
    }
    events.push({ data: '[DONE]' } as never);
    return events;
  },
  error: ({ status, message }) => ({
    error: {
      message,
      type: status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error',
      param: null,
      code: status === 429 ? 'rate_limit_exceeded' : null,
    },
  }),
  extra: ({ method, path }) =>
    method === 'GET' && path.endsWith('/models') ? { object: 'list', data: [{ id: 'fake-model', object: 'model', created, owned_by: 'peerwatch' }] } : undefined,
};

function wireUsage(usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number; reasoningTokens: number }) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

/**
 * A fake OpenAI-compatible Chat Completions server on 127.0.0.1 (JSON and SSE streaming), scripted to return tool
 * calls, text, reasoning and usage, or faults: 429 with Retry-After, 5xx, slow, hanging, malformed or cut-off
 * responses. A test double for anything that speaks Chat Completions: `@ai-sdk/openai-compatible`,
 * `createOpenAI().chat`, real agent harnesses.
 */
export function startFakeOpenAIServer(options: { script: FakeScript }): Promise<FakeModelServer> {
  return startFakeModelServer({ protocol: openAIChatProtocol, script: options.script });
}
