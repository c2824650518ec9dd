import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AgentError } from '../../agent/index.ts';
import type { GatewayReply, GatewayRequest, ProtocolName, WireProtocol } from './gateway-types.ts';
import { anthropicMessagesProtocol } from './protocols/anthropic-messages.ts';
import { geminiProtocol } from './protocols/gemini-generate.ts';
import { openAIChatProtocol } from './protocols/openai-chat.ts';
import { openAIResponsesProtocol } from './protocols/openai-responses.ts';
import { GatewayRequestError } from './wire-util.ts';

/** Every protocol the gateway serves, tried in this order. */
export const wireProtocols: readonly WireProtocol[] = [openAIChatProtocol, openAIResponsesProtocol, anthropicMessagesProtocol, geminiProtocol];

/**
 * Answers one model request; `signal` aborts when the client goes away or the gateway closes; `exchangeId` is the id
 * the exchange is reported under.
 */
export type GatewayResponder = (request: GatewayRequest, options: { signal: AbortSignal; exchangeId: string }) => Promise<GatewayReply>;

/**
 * One request and its answer as the gateway saw them, for the run's record. Headers are never part of it, so no API
 * key or auth header can end up in a run.
 */
export type GatewayExchange = {
  id: string;
  protocol: ProtocolName | null;
  method: string;
  path: string;
  receivedAt: string;
  durationMs: number;
  /** The request body as JSON (as received). */
  requestBody: unknown;
  /** The request as a peerwatch conversation, when it could be read. */
  request: GatewayRequest | null;
  status: number;
  stream: boolean;
  /** The answer in the protocol's JSON shape (for streamed answers, the equivalent non-streamed body). */
  responseBody: unknown;
  reply: GatewayReply | null;
  error: string | null;
};

/** A running gateway. `url` is the TCP base (`http://127.0.0.1:PORT`), `socketPath` the Unix socket, when asked for. */
export type Gateway = { url: string | null; socketPath: string | null; close: () => Promise<void> };

const defaultMaxBodyBytes = 64 * 1024 * 1024;

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new GatewayRequestError(`request body is larger than ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Rough token count of a request, for the protocols' count-tokens endpoints. */
function estimateTokens(body: unknown): number {
  return Math.ceil(JSON.stringify(body ?? '').length / 4);
}

/**
 * The status a failure is answered with. An agent failure that may pass (rate limit, server error, timeout) is a 429
 * or 503, which harnesses retry with their own back-off; one that will not (a rejected request, a bad key) is a 400,
 * so the harness stops instead of retrying in vain.
 */
function statusFor(error: unknown): number {
  if (GatewayRequestError.isInstance(error)) return 400;
  if (AgentError.isInstance(error)) {
    if (!error.retryable) return 400;
    return /rate|429|quota/i.test(error.message) ? 429 : 503;
  }
  return 500;
}

/**
 * Starts the recording model gateway: a local HTTP server (on 127.0.0.1 and/or a Unix socket) that speaks OpenAI
 * Chat Completions, OpenAI Responses, Anthropic Messages and Gemini generateContent, JSON and SSE, and answers each
 * model request through `respond`. Every exchange is reported to `onExchange` without headers. The gateway adds no
 * key of its own and ignores the one the harness sends.
 */
export async function startGateway(options: {
  respond: GatewayResponder;
  /** TCP port on 127.0.0.1 (0 picks a free one). */
  port?: number;
  socketPath?: string;
  onExchange?: (exchange: GatewayExchange) => void;
  maxBodyBytes?: number;
}): Promise<Gateway> {
  if (options.port === undefined && options.socketPath === undefined) throw new Error('startGateway needs a port or a socketPath');
  const limit = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const closing = new AbortController();
  const sockets = new Set<Socket>();

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const started = performance.now();
    const receivedAt = new Date().toISOString();
    const id = randomUUID().replaceAll('-', '').slice(0, 24);
    const url = new URL(incoming.url ?? '/', 'http://gateway.local');
    const pathname = url.pathname;
    const method = incoming.method ?? 'GET';
    const sendJson = (status: number, body: unknown) => {
      outgoing.writeHead(status, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(body));
    };

    // Listing and counting endpoints some harnesses call before or between turns.
    if (method === 'GET' && /\/models$/.test(pathname)) {
      sendJson(200, pathname.includes('v1beta') ? { models: [] } : { object: 'list', data: [] });
      return;
    }
    if (method === 'GET' && /\/models\/[^/]+$/.test(pathname)) {
      const model = decodeURIComponent(pathname.split('/').pop() ?? '');
      sendJson(200, { id: model, object: 'model', created: 0, owned_by: 'gateway', name: `models/${model}` });
      return;
    }

    let body: unknown = null;
    let protocol: WireProtocol | undefined;
    let request: GatewayRequest | null = null;
    const report = (exchange: Partial<GatewayExchange> & { status: number }) => {
      options.onExchange?.({
        id,
        protocol: protocol?.name ?? null,
        method,
        path: pathname,
        receivedAt,
        durationMs: Math.round(performance.now() - started),
        requestBody: body,
        request,
        stream: request?.stream ?? false,
        responseBody: null,
        reply: null,
        error: null,
        ...exchange,
      });
    };
    try {
      const raw = await readBody(incoming, limit);
      try {
        body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
      } catch {
        throw new GatewayRequestError('request body is not valid JSON');
      }
      if (method === 'POST' && (pathname.endsWith('/count_tokens') || pathname.endsWith(':countTokens'))) {
        sendJson(200, pathname.endsWith(':countTokens') ? { totalTokens: estimateTokens(body) } : { input_tokens: estimateTokens(body) });
        return;
      }
      protocol = method === 'POST' ? wireProtocols.find((candidate) => candidate.matches(pathname)) : undefined;
      if (protocol === undefined) {
        sendJson(404, { error: { message: `no model endpoint at ${method} ${pathname}`, type: 'not_found_error' } });
        report({ status: 404, error: 'not found' });
        return;
      }
      request = protocol.parse({ body, pathname, search: url.searchParams });
      const abort = new AbortController();
      const onClose = () => abort.abort();
      outgoing.on('close', onClose);
      closing.signal.addEventListener('abort', onClose, { once: true });
      let reply: GatewayReply;
      try {
        reply = await options.respond(request, { signal: AbortSignal.any([abort.signal, closing.signal]), exchangeId: id });
      } finally {
        closing.signal.removeEventListener('abort', onClose);
      }
      const encode = { reply, request, id, created: Math.floor(Date.now() / 1000) };
      const responseBody = protocol.json(encode);
      if (request.stream) {
        outgoing.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        for (const frame of protocol.sse(encode)) outgoing.write(frame);
        outgoing.end();
      } else {
        sendJson(200, responseBody);
      }
      report({ status: 200, responseBody, reply });
    } catch (error) {
      const status = statusFor(error);
      const message = error instanceof Error ? error.message : String(error);
      const errorBody = (protocol ?? openAIChatProtocol).error({ status, message });
      if (!outgoing.headersSent) {
        const retryAfter = AgentError.isInstance(error) && error.retryAfterSeconds !== null ? { 'retry-after': String(error.retryAfterSeconds) } : {};
        outgoing.writeHead(status, { 'content-type': 'application/json', ...retryAfter });
        outgoing.end(JSON.stringify(errorBody));
      } else {
        outgoing.end();
      }
      report({ status, responseBody: errorBody, error: message });
    }
  };

  const servers: Server[] = [];
  const start = (listen: (server: Server) => void): Promise<Server> =>
    new Promise((resolve, reject) => {
      const server = createServer((incoming, outgoing) => {
        void handle(incoming, outgoing);
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.once('listening', () => resolve(server));
      listen(server);
      servers.push(server);
    });

  let url: string | null = null;
  if (options.port !== undefined) {
    const server = await start((candidate) => candidate.listen(options.port, '127.0.0.1'));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  if (options.socketPath !== undefined) {
    rmSync(options.socketPath, { force: true });
    await start((candidate) => candidate.listen(options.socketPath));
  }
  return {
    url,
    socketPath: options.socketPath ?? null,
    close: async () => {
      closing.abort();
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
