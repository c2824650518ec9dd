import { emptyUsage, type AgentToolCall, type TranscriptMessage } from '../../agent/index.ts';
import { PeerwatchError } from '../../util/index.ts';

/** A request body the gateway cannot read (answered with status 400). */
export class GatewayRequestError extends PeerwatchError {
  constructor(message: string) {
    super({ name: 'GatewayRequestError', message });
  }

  static override isInstance(error: unknown): error is GatewayRequestError {
    return PeerwatchError.isInstance(error) && error.name === 'GatewayRequestError';
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/**
 * Text of message content in any of the protocols' shapes: a string, or a list of parts with `text` (`text`,
 * `input_text`, `output_text`); other parts (images, files) become a placeholder so the conversation keeps its shape.
 */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (isRecord(content)) return contentText([content]);
  const pieces: string[] = [];
  for (const part of asArray(content)) {
    if (typeof part === 'string') pieces.push(part);
    else if (isRecord(part)) {
      if (typeof part.text === 'string') pieces.push(part.text);
      else if (typeof part.type === 'string' && /image|file|audio/.test(part.type)) pieces.push(`[${part.type}]`);
    }
  }
  return pieces.join('\n');
}

/** Tool-call arguments as an object: a JSON string is parsed; anything unreadable becomes `{}`. */
export function parseArguments(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      return parseArguments(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return isRecord(value) ? value : {};
}

/** An assistant turn of a parsed request (no usage or timing: those belong to peerwatch's own steps). */
export function assistantMessage(options: { content: string; toolCalls: AgentToolCall[]; reasoning?: string | null }): TranscriptMessage {
  return {
    role: 'assistant',
    content: options.content,
    ...(options.reasoning ? { reasoning: options.reasoning } : {}),
    toolCalls: options.toolCalls,
    usage: emptyUsage(),
    durationMs: 0,
  };
}

/** Finds the name of the tool a call id belongs to, from the assistant turns so far. */
export function toolNameFor(messages: readonly TranscriptMessage[], toolCallId: string): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message.role !== 'assistant') continue;
    const call = message.toolCalls.find((candidate) => candidate.toolCallId === toolCallId);
    if (call !== undefined) return call.toolName;
  }
  return 'unknown';
}

/**
 * A JSON schema in standard form: Gemini's upper-case type names (`OBJECT`, `STRING`) become lower case, and a missing
 * schema becomes an empty object schema.
 */
export function normaliseSchema(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return { type: 'object', properties: {} };
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!isRecord(value)) return value;
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      result[key] = key === 'type' && typeof entry === 'string' ? entry.toLowerCase() : visit(entry);
    }
    return result;
  };
  return visit(schema) as Record<string, unknown>;
}

/** Splits text into pieces for streaming (a real server streams in small deltas; clients must join them). */
export function streamPieces(text: string, size = 48): string[] {
  if (text === '') return [];
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

/** One SSE frame, with an event name when the protocol uses them. */
export function sseFrame(data: unknown, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/** The JSON-encoded input of a tool call, as protocols carry arguments. */
export function argumentsJson(call: AgentToolCall): string {
  return JSON.stringify(call.input ?? {});
}
