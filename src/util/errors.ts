const marker = Symbol.for('peerwatch.error');

/**
 * Base of every error peerwatch raises on purpose. Marked with a global symbol so `PeerwatchError.isInstance`
 * works across duplicated module copies, as in the AI SDK.
 */
export class PeerwatchError extends Error {
  readonly [marker] = true;
  /** Exit status the CLI uses when this error ends a command. */
  readonly exitCode: number;

  constructor(options: { name: string; message: string; exitCode?: number; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = options.name;
    this.exitCode = options.exitCode ?? 1;
  }

  static isInstance(error: unknown): error is PeerwatchError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/**
 * Bad user input: an unknown scenario, factor value or agent spec, a malformed scenario or script file, a bad
 * option. The CLI prints the message alone and exits with status 2, having written nothing.
 */
export class UsageError extends PeerwatchError {
  constructor(options: { message: string; cause?: unknown }) {
    super({ name: 'UsageError', message: options.message, exitCode: 2, cause: options.cause });
  }

  static override isInstance(error: unknown): error is UsageError {
    return PeerwatchError.isInstance(error) && error.name === 'UsageError';
  }
}

/** Formats a list of allowed values for an error message: `"a", "b" or "c"`. */
export function formatAllowed(values: readonly string[]): string {
  const quoted = values.map((value) => JSON.stringify(value));
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
