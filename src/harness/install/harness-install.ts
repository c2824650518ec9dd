import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { PeerwatchError, UsageError } from '../../util/index.ts';
import type { HarnessAdapter } from '../adapters/harness-adapter.ts';

/** Written into an install folder once the package installed and its command answered `--version`. */
const markerFile = '.peerwatch-installed.json';

/**
 * Where harnesses are installed: `PEERWATCH_HARNESS_CACHE`, else the configured folder, else
 * `$XDG_CACHE_HOME/peerwatch/harnesses` (`~/.cache/peerwatch/harnesses`).
 */
export function harnessCacheDirectory(options: { configured?: string | null; env?: NodeJS.ProcessEnv } = {}): string {
  const env = options.env ?? process.env;
  if (env.PEERWATCH_HARNESS_CACHE) return path.resolve(env.PEERWATCH_HARNESS_CACHE);
  if (options.configured) return path.resolve(options.configured.replace(/^~(?=$|\/)/, homedir()));
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'peerwatch', 'harnesses');
}

/** The install folder of one harness version (`opencode-1.18.33`; npm cannot use folder names with `@`). */
export function harnessInstallDirectory(options: { adapter: HarnessAdapter; cacheDirectory: string; version?: string }): string {
  return path.join(options.cacheDirectory, `${options.adapter.name}-${options.version ?? options.adapter.version}`);
}

/** The harness's command inside its install folder. */
export function harnessBinary(installDirectory: string, adapter: HarnessAdapter): string {
  return path.join(installDirectory, 'node_modules', '.bin', adapter.binary);
}

/** What `harness list` shows of one install. */
export type HarnessInstall = { directory: string; installed: boolean; version: string; reportedVersion: string | null };

export function harnessInstallStatus(options: { adapter: HarnessAdapter; cacheDirectory: string; version?: string }): HarnessInstall {
  const directory = harnessInstallDirectory(options);
  const version = options.version ?? options.adapter.version;
  const marker = path.join(directory, markerFile);
  if (!existsSync(marker) || !existsSync(harnessBinary(directory, options.adapter))) return { directory, installed: false, version, reportedVersion: null };
  try {
    const parsed = JSON.parse(readFileSync(marker, 'utf8')) as { reportedVersion?: unknown };
    return { directory, installed: true, version, reportedVersion: typeof parsed.reportedVersion === 'string' ? parsed.reportedVersion : null };
  } catch {
    return { directory, installed: false, version, reportedVersion: null };
  }
}

/** The install folder of an installed harness, or a usage error that names the install command. */
export function requireHarnessInstall(options: { adapter: HarnessAdapter; cacheDirectory: string }): string {
  const status = harnessInstallStatus(options);
  if (!status.installed) {
    throw new UsageError({
      message: `harness "${options.adapter.name}" (${options.adapter.packageName}@${status.version}) is not installed; install it with: peerwatch harness install ${options.adapter.name}`,
    });
  }
  return status.directory;
}

/** An install that failed (npm error, no network, a command that does not run). */
export class HarnessInstallError extends PeerwatchError {
  constructor(message: string) {
    super({ name: 'HarnessInstallError', message });
  }
}

function run(command: string, args: string[], options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Installs a harness from npm into the cache (`npm install --prefix <folder> <package>@<version>`, lifecycle scripts
 * off), checks that its command answers `--version`, and marks the folder installed. The install goes to a staging
 * folder first, so an interrupted install never looks installed. Already installed: returns at once.
 */
export async function installHarness(options: {
  adapter: HarnessAdapter;
  cacheDirectory: string;
  version?: string;
  npm?: string;
  timeoutMs?: number;
  onOutput?: (line: string) => void;
}): Promise<HarnessInstall> {
  const { adapter } = options;
  const status = harnessInstallStatus(options);
  if (status.installed) return status;
  const version = status.version;
  mkdirSync(options.cacheDirectory, { recursive: true });
  const staging = `${status.directory}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ name: `peerwatch-harness-${adapter.name}`, private: true }, null, 2)}\n`);
  const npm = options.npm ?? 'npm';
  options.onOutput?.(`installing ${adapter.packageName}@${version} into ${status.directory}`);
  // npm must run on the same Node as peerwatch (Node 24), whatever `node` is first on PATH.
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
  const installed = await run(npm, ['install', '--prefix', staging, `${adapter.packageName}@${version}`, '--no-audit', '--no-fund', '--ignore-scripts'], {
    timeoutMs: options.timeoutMs ?? 600_000,
    env,
  });
  if (installed.code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new HarnessInstallError(`npm install ${adapter.packageName}@${version} failed (exit ${installed.code}):\n${installed.output.trim().split('\n').slice(-15).join('\n')}`);
  }
  for (const script of adapter.postInstall ?? []) {
    const file = path.join(staging, script);
    const ran = await run(process.execPath, [file], { cwd: path.dirname(file), timeoutMs: 120_000, env });
    if (ran.code !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new HarnessInstallError(`${script} failed after installing ${adapter.packageName}@${version}:\n${ran.output.trim().slice(-2000)}`);
    }
  }
  const binary = harnessBinary(staging, adapter);
  const check = await run(binary, ['--version'], { timeoutMs: 60_000, env });
  if (check.code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new HarnessInstallError(`${adapter.binary} --version failed after installing ${adapter.packageName}@${version}:\n${check.output.trim().slice(-2000)}`);
  }
  const reportedVersion = check.output.trim().split('\n').at(-1) ?? null;
  writeFileSync(path.join(staging, markerFile), `${JSON.stringify({ packageName: adapter.packageName, version, reportedVersion, installedAt: new Date().toISOString() }, null, 2)}\n`);
  rmSync(status.directory, { recursive: true, force: true });
  renameSync(staging, status.directory);
  return { directory: status.directory, installed: true, version, reportedVersion };
}
