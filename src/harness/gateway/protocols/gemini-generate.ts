import type { AgentToolCall, TranscriptMessage } from '../../../agent/index.ts';
import type { EncodeOptions, GatewayTool, WireProtocol } from '../gateway-types.ts';
import { asArray, asString, assistantMessage, contentText, GatewayRequestError, isRecord, normaliseSchema, sseFrame, streamPieces } from '../wire-util.ts';

/** `/v1beta/models/gemini-2.5-pro:streamGenerateContent` → `gemini-2.5-pro`. */
function modelFromPath(pathname: string): string {
  const match = /\/models\/([^/:]+):/.exec(pathname);
  return match === null ? '' : decodeURIComponent(match[1]);
}

/** What a function response says, as text: its `output` (or `error`) when it has one, else its JSON. */
function responseText(response: unknown): { text: string; isError: boolean } {
  if (isRecord(response)) {
    if (typeof response.output === 'string') return { text: response.output, isError: false };
    if (typeof response.error === 'string') return { text: response.error, isError: true };
    if (typeof response.content === 'string') return { text: response.content, isError: false };
  }
  return { text: typeof response === 'string' ? response : JSON.stringify(response ?? null), isError: false };
}

function parseContents(raw: unknown, system: unknown): TranscriptMessage[] {
  if (!Array.isArray(raw)) throw new GatewayRequestError('"contents" must be an array');
  const messages: TranscriptMessage[] = [];
  const systemText = isRecord(system) ? contentText(system.parts) : contentText(system);
  if (systemText !== '') messages.push({ role: 'system', content: systemText });
  // Older clients send function calls and responses without ids: they are paired by name, in order.
  let unanswered: AgentToolCall[] = [];
  raw.forEach((content, turn) => {
    if (!isRecord(content)) return;
    const parts = asArray(content.parts).filter(isRecord);
    if (content.role === 'model') {
      const text: string[] = [];
      const reasoning: string[] = [];
      const toolCalls: AgentToolCall[] = [];
      parts.forEach((part, index) => {
        if (isRecord(part.functionCall)) {
          const call = part.functionCall;
          toolCalls.push({ toolCallId: asString(call.id, `call_${turn}_${index}`), toolName: asString(call.name), input: isRecord(call.args) ? call.args : {} });
        } else if (typeof part.text === 'string') {
          (part.thought === true ? reasoning : text).push(part.text);
        }
      });
      unanswered = [...toolCalls];
      messages.push(assistantMessage({ content: text.join(''), toolCalls, reasoning: reasoning.join('') || null }));
      return;
    }
    const text: string[] = [];
    for (const part of parts) {
      if (isRecord(part.functionResponse)) {
        const response = part.functionResponse;
        const name = asString(response.name);
        const index = unanswered.findIndex((call) => (typeof response.id === 'string' ? call.toolCallId === response.id : call.toolName === name));
        const call = index >= 0 ? unanswered.splice(index, 1)[0] : undefined;
        const { text: output, isError } = responseText(response.response);
        messages.push({ role: 'tool', toolCallId: call?.toolCallId ?? asString(response.id, name), toolName: name, content: output, isError });
      } else if (typeof part.text === 'string') {
        text.push(part.text);
      }
    }
    if (text.length > 0) messages.push({ role: 'user', content: text.join('\n') });
  });
  return messages;
}

function parseTools(raw: unknown): GatewayTool[] {
  const tools: GatewayTool[] = [];
  for (const tool of asArray(raw)) {
    if (!isRecord(tool)) continue;
    for (const declaration of asArray(tool.functionDeclarations).filter(isRecord)) {
      tools.push({
        name: asString(declaration.name),
        description: asString(declaration.description),
        parameters: normaliseSchema(declaration.parametersJsonSchema ?? declaration.parameters),
        kind: 'function',
      });
    }
  }
  return tools.filter((tool) => tool.name !== '');
}

function usageMetadata({ reply }: EncodeOptions) {
  return {
    promptTokenCount: reply.usage.inputTokens,
    candidatesTokenCount: reply.usage.outputTokens,
    totalTokenCount: reply.usage.inputTokens + reply.usage.outputTokens,
    ...(reply.usage.cachedInputTokens > 0 ? { cachedContentTokenCount: reply.usage.cachedInputTokens } : {}),
    ...(reply.usage.reasoningTokens > 0 ? { thoughtsTokenCount: reply.usage.reasoningTokens } : {}),
  };
}

function functionCallParts({ reply }: EncodeOptions) {
  return reply.toolCalls.map((call) => ({ functionCall: { id: call.toolCallId, name: call.toolName, args: call.input } }));
}

/** Gemini `generateContent` / `streamGenerateContent` (`?alt=sse`), as Gemini CLI speaks it. */
export const geminiProtocol: WireProtocol = {
  name: 'gemini',
  matches: (pathname) => /:(stream)?generateContent$/i.test(pathname),
  parse: ({ body, pathname }) => {
    if (!isRecord(body)) throw new GatewayRequestError('request body must be a JSON object');
    const config = isRecord(body.generationConfig) ? body.generationConfig : {};
    const schema = config.responseJsonSchema ?? config.responseSchema;
    return {
      protocol: 'gemini',
      model: modelFromPath(pathname),
      stream: /:streamGenerateContent$/i.test(pathname),
      includeUsage: true,
      messages: parseContents(body.contents, body.systemInstruction),
      tools: parseTools(body.tools),
      responseSchema: isRecord(schema) ? normaliseSchema(schema) : null,
      jsonOutput: config.responseMimeType === 'application/json' || isRecord(schema),
    };
  },
  json: (options) => {
    const parts: Array<Record<string, unknown>> = [];
    if (options.reply.reasoning) parts.push({ text: options.reply.reasoning, thought: true });
    if (options.reply.text !== '' || options.reply.toolCalls.length === 0) parts.push({ text: options.reply.text });
    parts.push(...functionCallParts(options));
    return {
      candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
      usageMetadata: usageMetadata(options),
      modelVersion: options.request.model,
      responseId: options.id,
    };
  },
  sse: (options) => {
    const chunk = (parts: Array<Record<string, unknown>>, last: boolean) =>
      sseFrame({
        candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
        ...(last ? { usageMetadata: usageMetadata(options) } : {}),
        modelVersion: options.request.model,
        responseId: options.id,
      });
    const pieces: Array<Array<Record<string, unknown>>> = [];
    for (const text of streamPieces(options.reply.reasoning ?? '')) pieces.push([{ text, thought: true }]);
    for (const text of streamPieces(options.reply.text)) pieces.push([{ text }]);
    // Gemini streams a function call whole, in one chunk.
    const calls = functionCallParts(options);
    if (calls.length > 0) pieces.push(calls);
    if (pieces.length === 0) pieces.push([{ text: '' }]);
    return pieces.map((parts, index) => chunk(parts, index === pieces.length - 1));
  },
  error: ({ status, message }) => ({
    error: {
      code: status,
      message,
      status: status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
    },
  }),
};
