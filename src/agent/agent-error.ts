import { PeerwatchError } from '../util/index.ts';

/** A failure of the agent itself (provider error, rate limit after retries, timeout): the trial ends as `error`. */
export class AgentError extends PeerwatchError {
  /** Whether running the trial again may succeed (rate limits, server errors, timeouts). */
  readonly retryable: boolean;
  /** Seconds the provider asked us to wait, if it said. */
  readonly retryAfterSeconds: number | null;

  constructor(options: { message: string; retryable?: boolean; retryAfterSeconds?: number | null; cause?: unknown }) {
    super({ name: 'AgentError', message: options.message, cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }

  static override isInstance(error: unknown): error is AgentError {
    return PeerwatchError.isInstance(error) && error.name === 'AgentError';
  }
}
