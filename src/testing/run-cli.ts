import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project root, for tests that run the CLI as a user would. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const binary = fileURLToPath(new URL('../../bin/peerwatch.js', import.meta.url));

/** What a finished CLI process left behind. */
export type CliResult = { status: number | null; stdout: string; stderr: string };

/**
 * Runs `peerwatch` in a child process (the real bin entry, a real working directory and real files) and collects
 * its output. Test double-free by design: end-to-end tests use this.
 */
export function runCli(options: { args: string[]; cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binary, ...options.args], {
      cwd: options.cwd ?? projectRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
