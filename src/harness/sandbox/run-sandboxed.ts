import { spawn } from 'node:child_process';

/** How a sandboxed process ended, with its (bounded) output. */
export type SandboxedResult = {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  stdout: string;
  stderr: string;
  /** Whether output past the capture limit was dropped. */
  truncated: boolean;
  durationMs: number;
};

/**
 * Runs bubblewrap with a clean environment and the given stdin (or none), capturing stdout and stderr up to `maxOutputBytes` each, and
 * kills it at the wall-clock limit or when `abortSignal` fires. bubblewrap's `--die-with-parent` takes every process
 * of the sandbox down with it.
 */
export function runSandboxed(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  timeoutMs: number;
  abortSignal?: AbortSignal;
  maxOutputBytes?: number;
  /** Text for the process's stdin (closed after it); without it, stdin is empty. */
  input?: string;
}): Promise<SandboxedResult> {
  const limit = options.maxOutputBytes ?? 4 * 1024 * 1024;
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(options.command, options.args, { env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (options.input !== undefined) {
      child.stdin?.on('error', () => {});
      child.stdin?.end(options.input);
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const sizes = { stdout: 0, stderr: 0 };
    let truncated = false;
    const capture = (into: Buffer[], key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (sizes[key] + chunk.length > limit) {
        truncated = true;
        chunk = chunk.subarray(0, Math.max(0, limit - sizes[key]));
      }
      sizes[key] += chunk.length;
      if (chunk.length > 0) into.push(chunk);
    };
    child.stdout?.on('data', capture(stdout, 'stdout'));
    child.stderr?.on('data', capture(stderr, 'stderr'));
    let timedOut = false;
    let aborted = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    if (options.abortSignal?.aborted) onAbort();
    else options.abortSignal?.addEventListener('abort', onAbort, { once: true });
    const finish = (exitCode: number | null, signal: string | null) => {
      clearTimeout(timer);
      options.abortSignal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        signal,
        timedOut,
        aborted,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        truncated,
        durationMs: Math.round(performance.now() - started),
      });
    };
    child.on('error', (error) => {
      stderr.push(Buffer.from(`cannot start ${options.command}: ${error.message}\n`));
      finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
