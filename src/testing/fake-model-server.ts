import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token counts a fake reply reports. Left out, they are estimated from the request and reply sizes. */
export type FakeUsage = { inputTokens: number; outputTokens: number; cachedInputTokens?: number; reasoningTokens?: number };

/** A tool call a fake model makes. `arguments` as a string is sent verbatim (to test malformed tool input). */
export type FakeToolCall = { name: string; arguments: Record<string, unknown> | string; id?: string };

/**
 * What a fake model server answers to one request:
 * - `message`: an assistant turn with text, reasoning and tool calls, in the protocol's JSON or SSE shape;
 * - `error`: an HTTP error in the protocol's error shape, with `Retry-After` when `retryAfterSeconds` is set;
 * - `malformed`: status 200 (or `status`) with a body that is not the protocol's JSON;
 * - `disconnect`: the socket is destroyed before any answer;
 * - `hang`: no answer until the client gives up or the server closes.
 * `delayMs` waits before answering (slow responses).
 */
export type FakeReply =
  | {
      type: 'message';
      text?: string;
      reasoning?: string;
      toolCalls?: FakeToolCall[];
      usage?: FakeUsage;
      /** The protocol's stop reason; derived from the content when left out. */
      finishReason?: string;
      delayMs?: number;
    }
  | { type: 'error'; status: number; message?: string; retryAfterSeconds?: number; body?: string; delayMs?: number }
  | { type: 'malformed'; body?: string; status?: number; delayMs?: number }
  | { type: 'disconnect'; delayMs?: number }
  | { type: 'hang' };

/** One message of a request, the same for every protocol, so scripts can read the conversation. */
export type FakeMessage = {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls: Array<{ id: string; name: string; input: unknown }>;
  /** For tool results: the call they answer. */
  toolCallId?: string;
  isError?: boolean;
};

/** A request as the fake server saw it: the raw body and headers plus a protocol-neutral view. */
export type FakeRequest = {
  /** 0-based position among the requests this server received. */
  index: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  model: string;
  stream: boolean;
  messages: FakeMessage[];
  /** Names of the tools offered. A request with no tools is a plain chat call (such as a judge's). */
  toolNames: string[];
  /** Assistant turns already in the conversation: 0 for the first call of an episode. */
  assistantTurns: number;
  temperature: number | undefined;
  maxOutputTokens: number | undefined;
};

/** A script: replies in order (the last one repeats), or a function of the request. */
export type FakeScript = FakeReply[] | ((request: FakeRequest) => FakeReply | Promise<FakeReply>);

/** A running fake model server. */
export type FakeModelServer = {
  /** Base URL to give a provider (`http://127.0.0.1:PORT/v1`). */
  baseURL: string;
  port: number;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Replaces the script (and restarts the reply list). */
  setScript: (script: FakeScript) => void;
  /** Stops the server, cutting hanging and open connections. */
  close: () => Promise<void>;
};

/** What a protocol contributes to the shared server: request parsing and reply encoding. */
export type FakeProtocol = {
  /** Whether the path is this protocol's generation endpoint. */
  matches: (path: string) => boolean;
  parse: (body: Record<string, unknown>) => Omit<FakeRequest, 'index' | 'method' | 'path' | 'headers' | 'body' | 'assistantTurns'>;
  /** The reply as one JSON body. */
  json: (options: { reply: Extract<FakeReply, { type: 'message' }>; request: FakeRequest; usage: Required<FakeUsage>; id: string }) => unknown;
  /** The reply as server-sent events, each `{ event?, data }`; `data` is JSON or a literal string. */
  events: (options: { reply: Extract<FakeReply, { type: 'message' }>; request: FakeRequest; usage: Required<FakeUsage>; id: string }) => Array<{ event?: string; data: unknown }>;
  /** The protocol's error body. */
  error: (options: { status: number; message: string }) => unknown;
  /** Extra endpoints (model lists). */
  extra?: (options: { method: string; path: string }) => unknown | undefined;
};

const estimate = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function usageFor(options: { reply: Extract<FakeReply, { type: 'message' }>; request: FakeRequest }): Required<FakeUsage> {
  const { reply, request } = options;
  if (reply.usage !== undefined) return { cachedInputTokens: 0, reasoningTokens: 0, ...reply.usage };
  const out = `${reply.text ?? ''}${reply.reasoning ?? ''}${JSON.stringify(reply.toolCalls ?? [])}`;
  return { inputTokens: estimate(JSON.stringify(request.body)), outputTokens: estimate(out), cachedInputTokens: 0, reasoningTokens: 0 };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function wait(milliseconds: number | undefined): Promise<void> {
  return milliseconds && milliseconds > 0 ? new Promise((resolve) => setTimeout(resolve, milliseconds)) : Promise.resolve();
}

function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * Starts a fake model server for one wire protocol on 127.0.0.1 (a free port). It speaks the protocol's real request
 * and response shapes, JSON and SSE, so the real provider packages (and real harnesses) can run against it offline.
 */
export async function startFakeModelServer(options: { protocol: FakeProtocol; script: FakeScript; basePath?: string }): Promise<FakeModelServer> {
  const { protocol } = options;
  let script = options.script;
  let position = 0;
  const requests: FakeRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const nextReply = async (request: FakeRequest): Promise<FakeReply> => {
    if (typeof script === 'function') return script(request);
    const reply = script[Math.min(position, script.length - 1)];
    position += 1;
    if (reply === undefined) return { type: 'error', status: 500, message: 'fake server: empty script' };
    return reply;
  };

  const server = createServer(async (incoming, response) => {
    try {
      const path = (incoming.url ?? '/').split('?')[0];
      const method = incoming.method ?? 'GET';
      const text = await readBody(incoming);
      if (!protocol.matches(path)) {
        const extra = protocol.extra?.({ method, path });
        if (extra !== undefined) return sendJson(response, 200, extra);
        return sendJson(response, 404, protocol.error({ status: 404, message: `fake server: no route ${method} ${path}` }));
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return sendJson(response, 400, protocol.error({ status: 400, message: 'fake server: request body is not JSON' }));
      }
      const parsed = protocol.parse(body);
      const request: FakeRequest = {
        index: requests.length,
        method,
        path,
        headers: { ...incoming.headers },
        body,
        ...parsed,
        assistantTurns: parsed.messages.filter((message) => message.role === 'assistant').length,
      };
      requests.push(request);
      const reply = await nextReply(request);
      if (reply.type === 'hang') {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      await wait(reply.delayMs);
      if (response.destroyed) return;
      switch (reply.type) {
        case 'disconnect':
          incoming.socket.destroy();
          return;
        case 'malformed': {
          const malformed = reply.body ?? '{"id": "broken", "choices": [ this is not json';
          response.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
          response.end(malformed);
          return;
        }
        case 'error': {
          const headers: Record<string, string> = reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) };
          if (reply.body !== undefined) {
            response.writeHead(reply.status, { 'content-type': 'application/json', ...headers });
            response.end(reply.body);
            return;
          }
          return sendJson(response, reply.status, protocol.error({ status: reply.status, message: reply.message ?? `fake error ${reply.status}` }), headers);
        }
        case 'message': {
          const usage = usageFor({ reply, request });
          const id = `fake-${request.index + 1}`;
          if (!request.stream) return sendJson(response, 200, protocol.json({ reply, request, usage, id }));
          response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
          for (const event of protocol.events({ reply, request, usage, id })) {
            const data = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
            response.write(`${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${data}\n\n`);
          }
          response.end();
          return;
        }
      }
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, protocol.error({ status: 500, message: `fake server failure: ${(error as Error).message}` }));
      else response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}${options.basePath ?? '/v1'}`,
    port,
    requests,
    setScript: (next) => {
      script = next;
      position = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serialises tool-call arguments as the wire carries them (a JSON string). */
export function argumentsText(call: FakeToolCall): string {
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
}

/** Splits text into a few pieces, so streamed replies arrive as several deltas as real ones do. */
export function pieces(text: string, count = 3): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / count));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}
