import type { ModelCall } from '../../agent/index.ts';
import { sha256, stableStringify } from '../../util/index.ts';
import type { GatewayExchange } from './gateway-server.ts';

/**
 * A gateway exchange as a model-call record for the run's store: the request body as the harness sent it and the
 * answer in the protocol's JSON shape. Headers are not part of an exchange, so no key or auth header is stored.
 * `step` counts the main (tool-carrying) requests; side requests have `step: null` and `request.side: true`.
 */
export function exchangeToModelCall(options: { exchange: GatewayExchange; trialId: string | null; step: number | null; model: string }): ModelCall {
  const { exchange } = options;
  return {
    id: exchange.id,
    trialId: options.trialId,
    step: options.step,
    key: sha256(stableStringify({ purpose: 'harness-gateway', model: options.model, trialId: options.trialId, body: exchange.requestBody ?? null })),
    model: options.model,
    request: {
      protocol: exchange.protocol,
      method: exchange.method,
      path: exchange.path,
      side: exchange.request !== null && exchange.request.tools.length === 0,
      receivedAt: exchange.receivedAt,
      body: exchange.requestBody,
    },
    response: {
      status: exchange.status,
      stream: exchange.stream,
      durationMs: exchange.durationMs,
      body: exchange.responseBody,
      error: exchange.error,
    },
    createdAt: exchange.receivedAt,
  };
}
