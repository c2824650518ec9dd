import type { AgentToolCall, TranscriptMessage } from '../../../agent/index.ts';
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

function parseMessages(raw: unknown, system: unknown): TranscriptMessage[] {
  if (!Array.isArray(raw)) throw new GatewayRequestError('"messages" must be an array');
  const messages: TranscriptMessage[] = [];
  const systemText = contentText(system);
  if (systemText !== '') messages.push({ role: 'system', content: systemText });
  for (const message of raw) {
    if (!isRecord(message)) continue;
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content).filter(isRecord);
    if (message.role === 'assistant') {
      const text: string[] = [];
      const reasoning: string[] = [];
      const toolCalls: AgentToolCall[] = [];
      for (const block of blocks) {
        if (block.type === 'text') text.push(asString(block.text));
        else if (block.type === 'thinking') reasoning.push(asString(block.thinking));
        else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
          toolCalls.push({ toolCallId: asString(block.id), toolName: asString(block.name), input: parseArguments(block.input) });
        }
      }
      messages.push(assistantMessage({ content: text.join('\n'), toolCalls, reasoning: reasoning.join('\n') || null }));
    } else {
      // Tool results come first in a user turn; text blocks (reminders, the next instruction) follow them.
      const text: string[] = [];
      for (const block of blocks) {
        if (block.type === 'tool_result') {
          const toolCallId = asString(block.tool_use_id);
          messages.push({
            role: 'tool',
            toolCallId,
            toolName: toolNameFor(messages, toolCallId),
            content: contentText(block.content),
            isError: block.is_error === true,
          });
        } else if (block.type === 'text') {
          text.push(asString(block.text));
        } else if (typeof block.type === 'string') {
          text.push(`[${block.type}]`);
        }
      }
      if (text.length > 0) messages.push({ role: 'user', content: text.join('\n') });
    }
  }
  return messages;
}

function parseTools(raw: unknown): GatewayTool[] {
  return asArray(raw)
    .filter(isRecord)
    // Server tools (web search, code execution) have no input schema and run at the provider, not in the harness.
    .filter((tool) => isRecord(tool.input_schema) && typeof tool.name === 'string')
    .map((tool) => ({ name: asString(tool.name), description: asString(tool.description), parameters: normaliseSchema(tool.input_schema), kind: 'function' as const }));
}

function usageOf({ reply }: EncodeOptions) {
  return {
    input_tokens: reply.usage.inputTokens - reply.usage.cachedInputTokens,
    output_tokens: reply.usage.outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: reply.usage.cachedInputTokens,
  };
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function contentBlocks({ reply }: EncodeOptions): Block[] {
  const blocks: Block[] = [];
  if (reply.text !== '' || reply.toolCalls.length === 0) blocks.push({ type: 'text', text: reply.text });
  for (const call of reply.toolCalls) blocks.push({ type: 'tool_use', id: call.toolCallId, name: call.toolName, input: call.input });
  return blocks;
}

function stopReason({ reply }: EncodeOptions): string {
  return reply.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
}

/** Anthropic Messages (`POST /v1/messages`), as Claude Code speaks it. */
export const anthropicMessagesProtocol: WireProtocol = {
  name: 'anthropic-messages',
  matches: (pathname) => pathname.endsWith('/messages'),
  parse: ({ body }) => {
    if (!isRecord(body)) throw new GatewayRequestError('request body must be a JSON object');
    const format = isRecord(body.output_format) ? body.output_format : null;
    return {
      protocol: 'anthropic-messages',
      model: asString(body.model),
      stream: body.stream === true,
      includeUsage: true,
      messages: parseMessages(body.messages, body.system),
      tools: parseTools(body.tools),
      responseSchema: format !== null && isRecord(format.schema) ? normaliseSchema(format.schema) : null,
      jsonOutput: format !== null,
    };
  },
  json: (options) => ({
    id: `msg_${options.id}`,
    type: 'message',
    role: 'assistant',
    model: options.request.model,
    content: contentBlocks(options),
    stop_reason: stopReason(options),
    stop_sequence: null,
    usage: usageOf(options),
  }),
  sse: (options) => {
    const frames: string[] = [];
    const emit = (type: string, data: Record<string, unknown>) => frames.push(sseFrame({ type, ...data }, type));
    const usage = usageOf(options);
    emit('message_start', {
      message: {
        id: `msg_${options.id}`,
        type: 'message',
        role: 'assistant',
        model: options.request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    emit('ping', {});
    contentBlocks(options).forEach((block, index) => {
      if (block.type === 'text') {
        emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
        for (const text of streamPieces(block.text)) emit('content_block_delta', { index, delta: { type: 'text_delta', text } });
      } else {
        emit('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        const json = argumentsJson({ toolCallId: block.id, toolName: block.name, input: block.input });
        for (const partial of streamPieces(json)) emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: partial } });
      }
      emit('content_block_stop', { index });
    });
    emit('message_delta', { delta: { stop_reason: stopReason(options), stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
    emit('message_stop', {});
    return frames;
  },
  error: ({ status, message }) => ({
    type: 'error',
    error: {
      type: status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error',
      message,
    },
  }),
};
