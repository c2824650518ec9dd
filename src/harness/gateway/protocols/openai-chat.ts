import type { TranscriptMessage } from '../../../agent/index.ts';
import type { EncodeOptions, GatewayTool, WireProtocol } from '../gateway-types.ts';
import {
  argumentsJson,
  asArray,
  asString,
  assistantMessage,
  contentText,
  GatewayRequestError,
  isRecord,
  normaliseSchema,
  parseArguments,
  sseFrame,
  streamPieces,
  toolNameFor,
} from '../wire-util.ts';

function parseMessages(raw: unknown): TranscriptMessage[] {
  if (!Array.isArray(raw)) throw new GatewayRequestError('"messages" must be an array');
  const messages: TranscriptMessage[] = [];
  for (const message of raw) {
    if (!isRecord(message)) continue;
    const role = asString(message.role);
    if (role === 'system' || role === 'developer') {
      messages.push({ role: 'system', content: contentText(message.content) });
    } else if (role === 'user') {
      messages.push({ role: 'user', content: contentText(message.content) });
    } else if (role === 'assistant') {
      const toolCalls = asArray(message.tool_calls)
        .filter(isRecord)
        .map((call, index) => {
          const fn = isRecord(call.function) ? call.function : {};
          return { toolCallId: asString(call.id, `call_${messages.length}_${index}`), toolName: asString(fn.name), input: parseArguments(fn.arguments) };
        });
      const reasoning = asString(message.reasoning_content) || asString(message.reasoning) || null;
      messages.push(assistantMessage({ content: contentText(message.content), toolCalls, reasoning }));
    } else if (role === 'tool' || role === 'function') {
      const toolCallId = asString(message.tool_call_id, asString(message.name));
      messages.push({
        role: 'tool',
        toolCallId,
        toolName: role === 'function' ? asString(message.name) : toolNameFor(messages, toolCallId),
        content: contentText(message.content),
        isError: false,
      });
    }
  }
  return messages;
}

function parseTools(body: Record<string, unknown>): GatewayTool[] {
  const tools: GatewayTool[] = [];
  for (const tool of asArray(body.tools)) {
    if (!isRecord(tool) || !isRecord(tool.function)) continue;
    const fn = tool.function;
    tools.push({ name: asString(fn.name), description: asString(fn.description), parameters: normaliseSchema(fn.parameters), kind: 'function' });
  }
  // The legacy `functions` field, which some clients still send.
  for (const fn of asArray(body.functions)) {
    if (!isRecord(fn)) continue;
    tools.push({ name: asString(fn.name), description: asString(fn.description), parameters: normaliseSchema(fn.parameters), kind: 'function' });
  }
  return tools.filter((tool) => tool.name !== '');
}

function usageOf({ reply }: EncodeOptions) {
  const { usage } = reply;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

function finishReason({ reply }: EncodeOptions): string {
  return reply.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

/** OpenAI Chat Completions (`POST …/chat/completions`), as OpenCode and Qwen Code speak it. */
export const openAIChatProtocol: WireProtocol = {
  name: 'openai-chat',
  matches: (pathname) => pathname.endsWith('/chat/completions'),
  parse: ({ body }) => {
    if (!isRecord(body)) throw new GatewayRequestError('request body must be a JSON object');
    const format = isRecord(body.response_format) ? body.response_format : null;
    const schema = format !== null && isRecord(format.json_schema) && isRecord(format.json_schema.schema) ? format.json_schema.schema : null;
    return {
      protocol: 'openai-chat',
      model: asString(body.model),
      stream: body.stream === true,
      includeUsage: isRecord(body.stream_options) && body.stream_options.include_usage === true,
      messages: parseMessages(body.messages),
      tools: parseTools(body),
      responseSchema: schema === null ? null : normaliseSchema(schema),
      jsonOutput: format !== null && (format.type === 'json_schema' || format.type === 'json_object'),
    };
  },
  json: (options) => {
    const { reply, request, id, created } = options;
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
            content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text,
            ...(reply.reasoning ? { reasoning_content: reply.reasoning } : {}),
            ...(reply.toolCalls.length > 0
              ? {
                  tool_calls: reply.toolCalls.map((call) => ({
                    id: call.toolCallId,
                    type: 'function',
                    function: { name: call.toolName, arguments: argumentsJson(call) },
                  })),
                }
              : {}),
          },
          logprobs: null,
          finish_reason: finishReason(options),
        },
      ],
      usage: usageOf(options),
    };
  },
  sse: (options) => {
    const { reply, request, id, created } = options;
    const chunk = (choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}) => ({
      id: `chatcmpl-${id}`,
      object: 'chat.completion.chunk',
      created,
      model: request.model,
      choices: choice === null ? [] : [{ index: 0, logprobs: null, finish_reason: null, ...choice }],
      ...extra,
    });
    const frames = [sseFrame(chunk({ delta: { role: 'assistant', content: '' } }))];
    for (const piece of streamPieces(reply.reasoning ?? '')) frames.push(sseFrame(chunk({ delta: { reasoning_content: piece } })));
    for (const piece of streamPieces(reply.text)) frames.push(sseFrame(chunk({ delta: { content: piece } })));
    reply.toolCalls.forEach((call, index) => {
      frames.push(
        sseFrame(chunk({ delta: { tool_calls: [{ index, id: call.toolCallId, type: 'function', function: { name: call.toolName, arguments: '' } }] } })),
      );
      for (const piece of streamPieces(argumentsJson(call))) {
        frames.push(sseFrame(chunk({ delta: { tool_calls: [{ index, function: { arguments: piece } }] } })));
      }
    });
    // Without `include_usage` the usage rides on the finishing chunk, as several OpenAI-compatible servers do.
    frames.push(sseFrame(chunk({ delta: {}, finish_reason: finishReason(options) }, request.includeUsage ? {} : { usage: usageOf(options) })));
    if (request.includeUsage) frames.push(sseFrame(chunk(null, { usage: usageOf(options) })));
    frames.push(sseFrame('[DONE]'));
    return frames;
  },
  error: ({ status, message }) => ({
    error: { message, type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error', code: null, param: null },
  }),
};
