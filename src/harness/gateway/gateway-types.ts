import type { AgentToolCall, TranscriptMessage, Usage } from '../../agent/index.ts';

/** The wire protocols the gateway speaks, one per harness family. */
export const protocolNames = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'] as const;
export type ProtocolName = (typeof protocolNames)[number];

/**
 * A tool a harness offers, with its JSON schema. `custom` is an OpenAI Responses freeform tool whose input is one
 * string; it is offered to agents as a function with one `input` string parameter.
 */
export type GatewayTool = { name: string; description: string; parameters: Record<string, unknown>; kind: 'function' | 'custom' };

/** A model request in any protocol, as a peerwatch conversation. */
export type GatewayRequest = {
  protocol: ProtocolName;
  /** The model name the harness asked for. */
  model: string;
  stream: boolean;
  /** OpenAI Chat only: whether a final usage chunk was asked for (`stream_options.include_usage`). */
  includeUsage: boolean;
  messages: TranscriptMessage[];
  tools: GatewayTool[];
  /** JSON schema of the answer when the harness asked for structured output; `null` otherwise. */
  responseSchema: Record<string, unknown> | null;
  /** Whether the answer must be JSON (a schema or a JSON mode was asked for). */
  jsonOutput: boolean;
};

/** The answer to a request, before it is encoded for the protocol. */
export type GatewayReply = {
  text: string;
  reasoning: string | null;
  toolCalls: AgentToolCall[];
  usage: Usage;
};

/** What one protocol contributes: which paths it serves, request parsing and reply encoding (JSON and SSE). */
export type WireProtocol = {
  name: ProtocolName;
  /** Whether a POST to this path is a model request of this protocol. */
  matches: (pathname: string) => boolean;
  /** Reads a request body; throws `GatewayRequestError` for a body that is not this protocol's request. */
  parse: (options: { body: unknown; pathname: string; search: URLSearchParams }) => GatewayRequest;
  /** The non-streaming response body. */
  json: (options: EncodeOptions) => unknown;
  /** The streaming response as complete SSE frames (`event: …\ndata: …\n\n`). */
  sse: (options: EncodeOptions) => string[];
  /** An error body in the protocol's shape. */
  error: (options: { status: number; message: string }) => unknown;
};

export type EncodeOptions = { reply: GatewayReply; request: GatewayRequest; id: string; created: number };
