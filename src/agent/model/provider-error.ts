import { APICallError, RetryError } from 'ai';
import { AgentError } from '../agent-error.ts';

/** Seconds to wait from `Retry-After` (seconds or an HTTP date) or `retry-after-ms`; `null` when absent or unreadable. */
export function retryAfterSeconds(headers: Record<string, string> | undefined, now: number = Date.now()): number | null {
  if (headers === undefined) return null;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const milliseconds = Number(lower['retry-after-ms']);
  if (lower['retry-after-ms'] !== undefined && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds / 1000;
  const value = lower['retry-after'];
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

const shorten = (text: string) => (text.length > 500 ? `${text.slice(0, 497)}...` : text);

/**
 * Turns whatever a provider call threw into an `AgentError`: retryable for rate limits (429), server errors (5xx,
 * including Anthropic's 529), request timeouts (408) and network failures and timeouts, with the wait the provider
 * asked for. The message names the model and status, never the request (which the SDK error carries) or a key.
 */
export function toAgentError(options: { error: unknown; model: string; timeoutSeconds?: number }): AgentError {
  const { model } = options;
  const error = RetryError.isInstance(options.error) ? options.error.lastError : options.error;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const retryable = status === undefined ? error.isRetryable : status === 429 || status === 408 || status >= 500 || error.isRetryable;
    const where = status === undefined ? 'request failed' : `HTTP ${status}`;
    return new AgentError({
      message: shorten(`${model}: ${where}: ${error.message}`),
      retryable,
      retryAfterSeconds: retryAfterSeconds(error.responseHeaders),
      // The SDK error holds the request body; keep only what is safe to store.
      cause: { name: error.name, statusCode: status ?? null },
    });
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    const after = options.timeoutSeconds === undefined ? '' : ` after ${options.timeoutSeconds} s`;
    return new AgentError({ message: `${model}: the model call timed out${after}`, retryable: true });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AgentError({ message: `${model}: the model call was aborted`, retryable: false });
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AgentError({ message: shorten(`${model}: ${text}`), retryable: false });
}
