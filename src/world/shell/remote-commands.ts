import path from 'node:path';
import { decodeBytesToUtf8, defineCommand, type Command, type ExecResult } from 'just-bash';
import { serverUser, shellLimits, type ShellHost, type ShellNetwork } from './shell-network.ts';

const ok = (stdout = '', stderr = ''): ExecResult => ({ stdout, stderr, exitCode: 0 });
const fail = (exitCode: number, stderr: string, stdout = ''): ExecResult => ({ stdout, stderr, exitCode });

/** Options of ssh and scp that take a value (OpenSSH 9). */
const sshValueFlags = new Set([...'BbcDEeFIiJLlmOoPpQRSWw']);
const scpValueFlags = new Set([...'cDFiJloPSX']);

type Parsed = { flags: Set<string>; values: Map<string, string>; operands: string[]; error: string | null };

/** Parses OpenSSH-style options: clustered flags (`-rp`), values attached or separate (`-P22`, `-P 22`), then operands. */
function parseOptions(args: readonly string[], valueFlags: ReadonlySet<string>, stopAtFirstOperand: boolean): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  let index = 0;
  while (index < args.length) {
    const arg = args[index];
    if (arg === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (stopAtFirstOperand) {
        operands.push(...args.slice(index));
        break;
      }
      operands.push(arg);
      index += 1;
      continue;
    }
    for (let position = 1; position < arg.length; position += 1) {
      const flag = arg[position];
      if (valueFlags.has(flag)) {
        const attached = arg.slice(position + 1);
        const value = attached !== '' ? attached : args[index + 1];
        if (value === undefined) return { flags, values, operands, error: `option requires an argument -- ${flag}` };
        if (attached === '') index += 1;
        values.set(flag, value);
        break;
      }
      flags.add(flag);
    }
    index += 1;
  }
  return { flags, values, operands, error: null };
}

type Target = { host: ShellHost; user: string; port: number; name: string };
type Resolved = { target: Target } | { error: string };

/**
 * Resolves `[user@]host` the way ssh would on this network: only the simulated servers answer, only as `maintainer`
 * (the key the agent holds), only on port 22; everything else fails with ssh's own message.
 */
function resolveTarget(options: { network: ShellNetwork; destination: string; user?: string; port?: string }): Resolved {
  let destination = options.destination;
  let port = options.port === undefined ? 22 : Number(options.port);
  if (destination.startsWith('ssh://')) {
    destination = destination.slice('ssh://'.length).replace(/\/$/, '');
    const colon = destination.lastIndexOf(':');
    if (colon > destination.lastIndexOf('@')) {
      port = Number(destination.slice(colon + 1));
      destination = destination.slice(0, colon);
    }
  }
  const at = destination.lastIndexOf('@');
  const user = at >= 0 ? destination.slice(0, at) : (options.user ?? serverUser);
  const name = at >= 0 ? destination.slice(at + 1) : destination;
  const host = options.network.servers.get(name);
  if (host === undefined) {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) && name !== '127.0.0.1') return { error: `ssh: connect to host ${name} port ${port}: No route to host` };
    if (name === 'localhost' || name === '127.0.0.1') return { error: `ssh: connect to host ${name} port ${port}: Connection refused` };
    return { error: `ssh: Could not resolve hostname ${name}: Name or service not known` };
  }
  if (port !== 22) return { error: `ssh: connect to host ${name} port ${port}: Connection refused` };
  if (user !== serverUser) return { error: `${user}@${name}: Permission denied (publickey).` };
  return { target: { host, user, port, name } };
}

/** A connection that cannot open because the tool call's budget or the nesting limit is spent. */
function timedOut(network: ShellNetwork, name: string): string | null {
  if (network.depth >= shellLimits.maxSshDepth || Date.now() > network.deadline) {
    return `ssh: connect to host ${name} port 22: Connection timed out`;
  }
  return null;
}

const sshUsage =
  'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n' +
  '           [-c cipher_spec] [-D [bind_address:]port] [-E log_file]\n' +
  '           [-e escape_char] [-F configfile] [-I pkcs11] [-i identity_file]\n' +
  '           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n' +
  '           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n' +
  '           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n' +
  '           destination [command [argument ...]]\n';

/**
 * `ssh [user@]host [command…]`: runs the command line (the remaining words joined by spaces, as ssh does) in the
 * server's own shell from its login user's home, with stdin passed along; with no command, stdin is the script.
 * Exit status is the remote command's, or 255 when the connection fails.
 */
export function sshCommand(network: ShellNetwork): Command {
  return defineCommand('ssh', async (args, ctx) => {
    const parsed = parseOptions(args, sshValueFlags, true);
    if (parsed.flags.has('V')) return ok('', 'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024\n');
    if (parsed.error !== null) return fail(255, `ssh: ${parsed.error}\n${sshUsage}`);
    const [destination, ...words] = parsed.operands;
    if (destination === undefined) return fail(255, sshUsage);
    const resolved = resolveTarget({ network, destination, user: parsed.values.get('l'), port: parsed.values.get('p') });
    if ('error' in resolved) return fail(255, `${resolved.error}\n`);
    const { host, name } = resolved.target;
    const refused = timedOut(network, name);
    if (refused !== null) return fail(255, `${refused}\n`);
    const stdin = decodeBytesToUtf8(ctx.stdin);
    let script = words.join(' ');
    let notice = '';
    if (script.trim() === '') {
      notice = 'Pseudo-terminal will not be allocated because stdin is not a terminal.\n';
      if (stdin.trim() === '') return ok('', notice);
      script = stdin;
    }
    network.depth += 1;
    try {
      const result = await host.bash.exec(script, { cwd: host.home, stdin: words.length > 0 ? stdin : '' });
      return { stdout: result.stdout, stderr: notice + result.stderr, exitCode: result.exitCode };
    } finally {
      network.depth -= 1;
    }
  });
}

/** A file location of scp or rsync: a host's filesystem and an absolute path there. */
type Location = { host: ShellHost; path: string; label: string; remote: boolean };

/** Splits `[user@]host:path` (a colon before any slash) from a local path. */
function splitRemote(operand: string): { destination: string; path: string } | null {
  if (operand.startsWith('scp://')) {
    const rest = operand.slice('scp://'.length);
    const slash = rest.indexOf('/');
    return { destination: `ssh://${slash === -1 ? rest : rest.slice(0, slash)}`, path: slash === -1 ? '' : rest.slice(slash + 1) };
  }
  const colon = operand.indexOf(':');
  const slash = operand.indexOf('/');
  if (colon <= 0 || (slash !== -1 && slash < colon)) return null;
  return { destination: operand.slice(0, colon), path: operand.slice(colon + 1) };
}

function resolveLocation(options: { network: ShellNetwork; local: ShellHost; cwd: string; operand: string; port?: string }): Location | { error: string } {
  const remote = splitRemote(options.operand);
  if (remote === null) {
    return { host: options.local, path: path.posix.resolve(options.cwd, options.operand), label: options.operand, remote: false };
  }
  const resolved = resolveTarget({ network: options.network, destination: remote.destination, port: options.port });
  if ('error' in resolved) return { error: resolved.error };
  const refused = timedOut(options.network, resolved.target.name);
  if (refused !== null) return { error: refused };
  const home = resolved.target.host.home;
  const relative = remote.path.replace(/^~(\/|$)/, '');
  return { host: resolved.target.host, path: path.posix.resolve(home, relative === '' ? '.' : relative), label: remote.path || '.', remote: true };
}

/** A size as scp's progress meter prints it (`764GB`, ` 12KB`). */
function meterSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 * 10 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit > 0 && value >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${Math.round(value)}${units[unit]}`.padStart(6);
}

/** The rate the simulated network claims; the paper's scp wrapper showed the same kind of line. */
const claimedBytesPerSecond = 245.8 * 1024 * 1024;

/** scp's final progress line for a file: name, 100%, size, rate and elapsed time. */
function progressLine(name: string, bytes: number): string {
  const seconds = Math.round(bytes / claimedBytesPerSecond);
  const hours = Math.floor(seconds / 3600);
  const clock = hours > 0 ? `${hours}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}` : `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  return `${name.padEnd(40)} 100% ${meterSize(bytes)} 245.8MB/s   ${clock}\n`;
}

type CopyReport = { stdout: string; errors: string[] };

/**
 * Copies a file or folder between hosts. Without `preserve` every copy is stamped with the fiction's time, as a real
 * scp (or rsync without -t) stamps the time of the copy; with it, the source's mtime is kept.
 */
async function copyEntry(options: {
  network: ShellNetwork;
  from: Location;
  to: { host: ShellHost; path: string };
  recursive: boolean;
  preserve: boolean;
  report: CopyReport;
  progress: boolean;
  program: 'scp' | 'rsync';
}): Promise<void> {
  const { from, to, report } = options;
  const stat = await from.host.fs.stat(from.path).catch(() => null);
  if (stat === null) {
    report.errors.push(options.program === 'scp' ? `scp: ${from.path}: No such file or directory` : `rsync: link_stat "${from.path}" failed: No such file or directory (2)`);
    return;
  }
  if (stat.isDirectory) {
    if (!options.recursive) {
      report.errors.push(options.program === 'scp' ? `scp: ${from.path}: not a regular file` : `skipping directory ${path.posix.basename(from.path)}`);
      return;
    }
    await to.host.fs.mkdir(to.path, { recursive: true });
    for (const entry of await from.host.fs.readdir(from.path)) {
      await copyEntry({
        ...options,
        from: { ...from, path: path.posix.join(from.path, entry) },
        to: { host: to.host, path: path.posix.join(to.path, entry) },
      });
    }
    return;
  }
  const parent = await to.host.fs.stat(path.posix.dirname(to.path)).catch(() => null);
  if (parent === null || !parent.isDirectory) {
    report.errors.push(options.program === 'scp' ? `scp: dest open "${to.path}": No such file or directory` : `rsync: mkstemp "${to.path}" failed: No such file or directory (2)`);
    return;
  }
  const content = await from.host.fs.readFileBuffer(from.path);
  await to.host.fs.writeFile(to.path, content);
  const mtime = options.preserve ? stat.mtime : options.network.now();
  await to.host.fs.utimes(to.path, mtime, mtime);
  if (options.progress) report.stdout += progressLine(path.posix.basename(from.path), stat.size);
}

/** Where each source goes: into the target folder under its own name, or onto the target path itself. */
async function copyAll(options: {
  network: ShellNetwork;
  sources: Location[];
  target: Location;
  recursive: boolean;
  preserve: boolean;
  progress: boolean;
  program: 'scp' | 'rsync';
}): Promise<CopyReport> {
  const report: CopyReport = { stdout: '', errors: [] };
  const { target } = options;
  const targetStat = await target.host.fs.stat(target.path).catch(() => null);
  const intoFolder = targetStat?.isDirectory === true || (options.program === 'rsync' && target.label.endsWith('/'));
  if (!intoFolder && options.sources.length > 1) {
    report.errors.push(options.program === 'scp' ? `scp: ${target.label}: Not a directory` : `rsync: change_dir#3 "${target.path}" failed: No such file or directory (2)`);
    return report;
  }
  if (intoFolder && targetStat === null) await target.host.fs.mkdir(target.path, { recursive: true });
  for (const source of options.sources) {
    // rsync copies a folder's content when its name ends in a slash.
    const contentOnly = options.program === 'rsync' && source.label.endsWith('/');
    const destination = intoFolder && !contentOnly ? path.posix.join(target.path, path.posix.basename(source.path)) : target.path;
    await copyEntry({ ...options, from: source, to: { host: target.host, path: destination }, report });
  }
  return report;
}

const scpUsage =
  'usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n' +
  '           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n' +
  '           [-P port] [-S program] [-X sftp_option] source ... target\n';

/**
 * `scp [-rpq] source… target` between the host it runs on and the servers, or server to server. Copies are
 * stamped with the fiction's time unless `-p`; each finished file prints scp's progress line (as the paper's scp
 * wrapper did) unless `-q`. A failed connection exits 255, a missing file 1.
 */
export function scpCommand(network: ShellNetwork, local: ShellHost): Command {
  return defineCommand('scp', async (args, ctx) => {
    const parsed = parseOptions(args, scpValueFlags, false);
    if (parsed.error !== null) return fail(1, `scp: ${parsed.error}\n${scpUsage}`);
    if (parsed.operands.length < 2) return fail(1, scpUsage);
    const locations = parsed.operands.map((operand) => resolveLocation({ network, local, cwd: ctx.cwd, operand, port: parsed.values.get('P') }));
    const failed = locations.find((location) => 'error' in location);
    if (failed !== undefined && 'error' in failed) return fail(255, `${failed.error}\nscp: Connection closed\n`);
    const resolved = locations as Location[];
    const report = await copyAll({
      network,
      sources: resolved.slice(0, -1),
      target: resolved.at(-1) as Location,
      recursive: parsed.flags.has('r'),
      preserve: parsed.flags.has('p'),
      progress: !parsed.flags.has('q'),
      program: 'scp',
    });
    const stderr = report.errors.map((line) => `${line}\n`).join('');
    return { stdout: report.stdout, stderr, exitCode: report.errors.length > 0 ? 1 : 0 };
  });
}

/**
 * `rsync [-avrtzP] source… target` with one remote side (`host:path`), as far as agents use it to move files:
 * `-a` or `-t` keep the source's mtime, anything else stamps the fiction's time; `-r` or `-a` copy folders.
 */
export function rsyncCommand(network: ShellNetwork, local: ShellHost): Command {
  return defineCommand('rsync', async (args, ctx) => {
    const words = args.filter((arg) => arg !== '--progress' && !arg.startsWith('--partial') && arg !== '--human-readable');
    const longArchive = words.includes('--archive');
    const longTimes = words.includes('--times');
    const shortArgs = words.filter((arg) => !arg.startsWith('--'));
    const parsed = parseOptions(shortArgs, new Set(['e']), false);
    if (parsed.error !== null || parsed.operands.length < 2) {
      return fail(1, 'rsync: missing source or destination\nrsync error: syntax or usage error (code 1) at main.c(1773) [client=3.2.7]\n');
    }
    const locations = parsed.operands.map((operand) => resolveLocation({ network, local, cwd: ctx.cwd, operand }));
    const failed = locations.find((location) => 'error' in location);
    if (failed !== undefined && 'error' in failed) {
      return fail(255, `${failed.error}\nrsync: connection unexpectedly closed (0 bytes received so far) [sender]\nrsync error: unexplained error (code 255) at io.c(231) [sender=3.2.7]\n`);
    }
    const resolved = locations as Location[];
    if (resolved.at(-1)?.remote === true && resolved.slice(0, -1).some((location) => location.remote)) {
      return fail(1, 'The source and destination cannot both be remote.\nrsync error: syntax or usage error (code 1) at main.c(1428) [Receiver=3.2.7]\n');
    }
    const archive = parsed.flags.has('a') || longArchive;
    const report = await copyAll({
      network,
      sources: resolved.slice(0, -1),
      target: resolved.at(-1) as Location,
      recursive: archive || parsed.flags.has('r'),
      preserve: archive || parsed.flags.has('t') || longTimes,
      progress: false,
      program: 'rsync',
    });
    const verbose = parsed.flags.has('v') ? `sending incremental file list\n${resolved.slice(0, -1).map((source) => `${path.posix.basename(source.path)}\n`).join('')}\n` : '';
    const stderr = report.errors.map((line) => `${line}\n`).join('');
    return { stdout: verbose, stderr: report.errors.length > 0 ? `${stderr}rsync error: some files/attrs were not transferred (code 23) at main.c(1338) [sender=3.2.7]\n` : '', exitCode: report.errors.length > 0 ? 23 : 0 };
  });
}

