import type { AgentToolCall, TranscriptMessage } from '../../../agent/index.ts';
import type { EncodeOptions, GatewayRequest, GatewayTool, WireProtocol } from '../gateway-types.ts';
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
} from '../wire-util.ts';

/** The input of a freeform (`custom`) tool travels as `{ input: "…" }` inside peerwatch. */
const customInputSchema = { type: 'object', properties: { input: { type: 'string', description: 'The raw input of the tool.' } }, required: ['input'] };

type PendingTurn = { text: string[]; reasoning: string[]; toolCalls: AgentToolCall[] };

function outputText(output: unknown): string {
  return typeof output === 'string' ? output : contentText(output);
}

/**
 * Reads a Responses `input` list. Consecutive assistant-side items (messages, reasoning, function calls) form one
 * assistant turn, as they came from one model response.
 */
function parseInput(body: Record<string, unknown>): TranscriptMessage[] {
  const messages: TranscriptMessage[] = [];
  if (typeof body.instructions === 'string' && body.instructions !== '') messages.push({ role: 'system', content: body.instructions });
  if (typeof body.input === 'string') {
    messages.push({ role: 'user', content: body.input });
    return messages;
  }
  if (!Array.isArray(body.input)) throw new GatewayRequestError('"input" must be a string or an array');
  const toolNames = new Map<string, string>();
  let pending: PendingTurn | null = null;
  const flush = () => {
    if (pending === null) return;
    messages.push(assistantMessage({ content: pending.text.join('\n'), toolCalls: pending.toolCalls, reasoning: pending.reasoning.join('\n') || null }));
    pending = null;
  };
  const turn = (): PendingTurn => (pending ??= { text: [], reasoning: [], toolCalls: [] });
  for (const item of body.input) {
    if (!isRecord(item)) continue;
    const type = asString(item.type, 'message');
    if (type === 'message') {
      const role = asString(item.role);
      if (role === 'assistant') {
        turn().text.push(contentText(item.content));
        continue;
      }
      flush();
      if (role === 'system' || role === 'developer') messages.push({ role: 'system', content: contentText(item.content) });
      else messages.push({ role: 'user', content: contentText(item.content) });
    } else if (type === 'reasoning') {
      const summary = asArray(item.summary).map((part) => (isRecord(part) ? asString(part.text) : '')).join('\n');
      if (summary !== '') turn().reasoning.push(summary);
      else turn();
    } else if (type === 'function_call' || type === 'custom_tool_call') {
      const toolCallId = asString(item.call_id, asString(item.id));
      const toolName = asString(item.name);
      toolNames.set(toolCallId, toolName);
      const input = type === 'function_call' ? parseArguments(item.arguments) : { input: asString(item.input) };
      turn().toolCalls.push({ toolCallId, toolName, input });
    } else if (type === 'local_shell_call') {
      const toolCallId = asString(item.call_id, asString(item.id));
      toolNames.set(toolCallId, 'local_shell');
      turn().toolCalls.push({ toolCallId, toolName: 'local_shell', input: isRecord(item.action) ? item.action : {} });
    } else if (type === 'function_call_output' || type === 'custom_tool_call_output' || type === 'local_shell_call_output') {
      flush();
      const toolCallId = asString(item.call_id);
      messages.push({ role: 'tool', toolCallId, toolName: toolNames.get(toolCallId) ?? 'unknown', content: outputText(item.output), isError: false });
    }
    // Other items (web search calls, item references) carry nothing a peerwatch agent reads.
  }
  flush();
  return messages;
}

function parseTools(body: Record<string, unknown>): GatewayTool[] {
  const tools: GatewayTool[] = [];
  for (const tool of asArray(body.tools)) {
    if (!isRecord(tool)) continue;
    if (tool.type === 'function') {
      tools.push({ name: asString(tool.name), description: asString(tool.description), parameters: normaliseSchema(tool.parameters), kind: 'function' });
    } else if (tool.type === 'custom') {
      tools.push({ name: asString(tool.name), description: asString(tool.description), parameters: customInputSchema, kind: 'custom' });
    }
  }
  return tools.filter((tool) => tool.name !== '');
}

type OutputItem = Record<string, unknown>;

/** The response's output items: reasoning, the message, then the tool calls, in the order a model emits them. */
function outputItems({ reply, request, id }: EncodeOptions): OutputItem[] {
  const items: OutputItem[] = [];
  if (reply.reasoning) items.push({ type: 'reasoning', id: `rs_${id}`, summary: [{ type: 'summary_text', text: reply.reasoning }] });
  if (reply.text !== '' || reply.toolCalls.length === 0) {
    items.push({
      type: 'message',
      id: `msg_${id}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: reply.text, annotations: [] }],
    });
  }
  reply.toolCalls.forEach((call, index) => {
    const custom = request.tools.find((tool) => tool.name === call.toolName)?.kind === 'custom';
    items.push(
      custom
        ? { type: 'custom_tool_call', id: `ctc_${id}_${index}`, status: 'completed', call_id: call.toolCallId, name: call.toolName, input: asString(call.input.input) }
        : { type: 'function_call', id: `fc_${id}_${index}`, status: 'completed', call_id: call.toolCallId, name: call.toolName, arguments: argumentsJson(call) },
    );
  });
  return items;
}

function responseObject(options: EncodeOptions, status: 'in_progress' | 'completed', output: OutputItem[]) {
  const { reply, request, id, created } = options;
  const usage = reply.usage;
  return {
    id: `resp_${id}`,
    object: 'response',
    created_at: created,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: request.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage:
      status === 'completed'
        ? {
            input_tokens: usage.inputTokens,
            input_tokens_details: { cached_tokens: usage.cachedInputTokens },
            output_tokens: usage.outputTokens,
            output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
            total_tokens: usage.inputTokens + usage.outputTokens,
          }
        : null,
    metadata: {},
  };
}

function inProgress(item: OutputItem): OutputItem {
  switch (item.type) {
    case 'message':
      return { ...item, status: 'in_progress', content: [] };
    case 'function_call':
      return { ...item, status: 'in_progress', arguments: '' };
    case 'custom_tool_call':
      return { ...item, status: 'in_progress', input: '' };
    case 'reasoning':
      return { ...item, summary: [] };
    default:
      return item;
  }
}

/** OpenAI Responses (`POST …/responses`), as Codex CLI speaks it. */
export const openAIResponsesProtocol: WireProtocol = {
  name: 'openai-responses',
  matches: (pathname) => pathname.endsWith('/responses'),
  parse: ({ body }): GatewayRequest => {
    if (!isRecord(body)) throw new GatewayRequestError('request body must be a JSON object');
    const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format : null;
    return {
      protocol: 'openai-responses',
      model: asString(body.model),
      stream: body.stream === true,
      includeUsage: true,
      messages: parseInput(body),
      tools: parseTools(body),
      responseSchema: format !== null && format.type === 'json_schema' && isRecord(format.schema) ? normaliseSchema(format.schema) : null,
      jsonOutput: format !== null && (format.type === 'json_schema' || format.type === 'json_object'),
    };
  },
  json: (options) => {
    const output = outputItems(options);
    const text = options.reply.text;
    return { ...responseObject(options, 'completed', output), output_text: text };
  },
  sse: (options) => {
    const frames: string[] = [];
    let sequence = 0;
    const emit = (type: string, data: Record<string, unknown>) => frames.push(sseFrame({ type, sequence_number: sequence++, ...data }, type));
    const output = outputItems(options);
    emit('response.created', { response: responseObject(options, 'in_progress', []) });
    emit('response.in_progress', { response: responseObject(options, 'in_progress', []) });
    output.forEach((item, outputIndex) => {
      const itemId = asString(item.id);
      emit('response.output_item.added', { output_index: outputIndex, item: inProgress(item) });
      if (item.type === 'reasoning') {
        const text = options.reply.reasoning ?? '';
        emit('response.reasoning_summary_part.added', { item_id: itemId, output_index: outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
        for (const delta of streamPieces(text)) {
          emit('response.reasoning_summary_text.delta', { item_id: itemId, output_index: outputIndex, summary_index: 0, delta });
        }
        emit('response.reasoning_summary_text.done', { item_id: itemId, output_index: outputIndex, summary_index: 0, text });
        emit('response.reasoning_summary_part.done', { item_id: itemId, output_index: outputIndex, summary_index: 0, part: { type: 'summary_text', text } });
      } else if (item.type === 'message') {
        const text = options.reply.text;
        const part = { type: 'output_text', text: '', annotations: [] };
        emit('response.content_part.added', { item_id: itemId, output_index: outputIndex, content_index: 0, part });
        for (const delta of streamPieces(text)) emit('response.output_text.delta', { item_id: itemId, output_index: outputIndex, content_index: 0, delta, logprobs: [] });
        emit('response.output_text.done', { item_id: itemId, output_index: outputIndex, content_index: 0, text, logprobs: [] });
        emit('response.content_part.done', { item_id: itemId, output_index: outputIndex, content_index: 0, part: { ...part, text } });
      } else if (item.type === 'function_call') {
        const args = asString(item.arguments);
        for (const delta of streamPieces(args)) emit('response.function_call_arguments.delta', { item_id: itemId, output_index: outputIndex, delta });
        emit('response.function_call_arguments.done', { item_id: itemId, output_index: outputIndex, arguments: args });
      } else if (item.type === 'custom_tool_call') {
        const input = asString(item.input);
        for (const delta of streamPieces(input)) emit('response.custom_tool_call_input.delta', { item_id: itemId, output_index: outputIndex, delta });
        emit('response.custom_tool_call_input.done', { item_id: itemId, output_index: outputIndex, input });
      }
      emit('response.output_item.done', { output_index: outputIndex, item });
    });
    emit('response.completed', { response: responseObject(options, 'completed', output) });
    return frames;
  },
  error: ({ status, message }) => ({
    error: { message, type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error', code: null, param: null },
  }),
};
