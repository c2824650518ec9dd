// The `ssh` and `scp` commands of a harness sandbox and of the simulated servers. Runs inside the sandboxes as
// `node remote-client.ts ssh|scp ARGS…`, so it imports nothing but Node's own modules. Every remote session goes over
// one Unix socket to peerwatch's SSH host, which runs the command in the named server's sandbox. scp works like the
// real one: the remote side is `scp -f` (send) or `scp -t` (receive), run through that same channel; the files travel
// as JSON records. Large files travel as their first MiB plus their size: the simulated servers' big files are sparse
// stand-ins (a marker line, then a hole up to the declared size), so the copy is a sparse file of the same size.

import { closeSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, statSync, utimesSync, chmodSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

const socketPath = process.env.SSH_MUX_SOCKET ?? '/run/ssh-mux/control.sock';
/** Files up to this size travel whole; larger ones as their head plus their size (sparse stand-ins). */
const wholeFileLimit = 16 * 1024 * 1024;
const headBytes = 1024 * 1024;

type Frame = { t: 'open'; host: string; user: string; command: string | null; from: string | null } | { t: 'in'; d: string } | { t: 'eof' };
type HostFrame = { t: 'out'; d: string } | { t: 'err'; d: string } | { t: 'exit'; code: number };

type FileRecord =
  | { k: 'file'; name: string; size: number; mode: number; mtime: number; head: string }
  | { k: 'dir'; name: string; mode: number; mtime: number }
  | { k: 'error'; message: string }
  | { k: 'end' };

/** A remote session: the command's stdout as lines or bytes, its stderr, and its exit status. */
type Session = { socket: Socket; send: (frame: Frame) => void; exit: Promise<number> };

function openSession(options: {
  host: string;
  user: string;
  command: string | null;
  onStdout: (data: Buffer) => void;
  onStderr: (data: Buffer) => void;
}): Session {
  const socket = connect({ path: socketPath });
  const send = (frame: Frame) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
  };
  const exit = new Promise<number>((resolve) => {
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(code);
    };
    socket.on('error', () => {
      process.stderr.write(`ssh: connect to host ${options.host} port 22: Network is unreachable\n`);
      finish(255);
    });
    socket.on('close', () => finish(255));
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => {
      let frame: HostFrame;
      try {
        frame = JSON.parse(line) as HostFrame;
      } catch {
        return;
      }
      if (frame.t === 'out') options.onStdout(Buffer.from(frame.d, 'base64'));
      else if (frame.t === 'err') options.onStderr(Buffer.from(frame.d, 'base64'));
      else if (frame.t === 'exit') finish(frame.code);
    });
  });
  send({ t: 'open', host: options.host, user: options.user, command: options.command, from: process.env.SSH_MUX_ORIGIN ?? null });
  return { socket, send, exit };
}

/** Sends text to a session's stdin and closes it. */
function sendInput(session: Session, text: string): void {
  const data = Buffer.from(text);
  for (let offset = 0; offset < data.length; offset += 256 * 1024) session.send({ t: 'in', d: data.subarray(offset, offset + 256 * 1024).toString('base64') });
  session.send({ t: 'eof' });
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function localUser(): string {
  return process.env.USER ?? process.env.LOGNAME ?? 'maintainer';
}

// ---------------------------------------------------------------- ssh

const sshOptionsWithArgument = new Set('BbcDEeFIiJLlmOoPpQRSWw'.split(''));

async function ssh(args: string[]): Promise<number> {
  let user: string | null = null;
  let destination: string | null = null;
  let noStdin = false;
  let index = 0;
  for (; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--') {
      index += 1;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    for (let position = 1; position < arg.length; position += 1) {
      const letter = arg[position];
      if (sshOptionsWithArgument.has(letter)) {
        const value = position + 1 < arg.length ? arg.slice(position + 1) : args[++index];
        if (letter === 'l') user = value ?? null;
        break;
      }
      if (letter === 'n' || letter === 'f') noStdin = true;
    }
  }
  destination = args[index] ?? null;
  if (destination === null) {
    process.stderr.write('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n           [-c cipher_spec] [-D [bind_address:]port] [-E log_file] [-e escape_char]\n           [-F configfile] [-I pkcs11] [-i identity_file]\n           [-J destination] [-L address] [-l login_name] [-m mac_spec]\n           [-O ctl_cmd] [-o option] [-P tag] [-p port] [-R address]\n           [-S ctl_path] [-W host:port] [-w local_tun[:remote_tun]]\n           destination [command [argument ...]]\n');
    return 255;
  }
  const parsed = /^(?:ssh:\/\/)?(?:([^@]+)@)?([^:/]+)(?::\d+)?\/?$/.exec(destination);
  const host = parsed?.[2] ?? destination;
  user = parsed?.[1] ?? user ?? localUser();
  const rest = args.slice(index + 1);
  const command = rest.length > 0 ? rest.join(' ') : null;
  const session = openSession({
    host,
    user,
    command,
    onStdout: (data) => process.stdout.write(data),
    onStderr: (data) => process.stderr.write(data),
  });
  // Like ssh without a terminal: stdin goes to the remote command; the session ends when the command ends.
  if (!noStdin && !process.stdin.isTTY) {
    process.stdin.on('data', (chunk: Buffer) => session.send({ t: 'in', d: chunk.toString('base64') }));
    process.stdin.on('end', () => session.send({ t: 'eof' }));
    process.stdin.on('error', () => session.send({ t: 'eof' }));
  } else {
    session.send({ t: 'eof' });
  }
  const code = await session.exit;
  process.stdin.destroy();
  return code;
}

// ---------------------------------------------------------------- scp: file records

function readHead(file: string, size: number): Buffer {
  const length = size <= wholeFileLimit ? size : headBytes;
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    let offset = 0;
    while (offset < length) {
      const read = readSync(fd, buffer, offset, length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

/** The records of one source path (a file, or with `recursive` a folder and everything in it). */
function* sourceRecords(options: { source: string; recursive: boolean }): Generator<FileRecord> {
  const walk = function* (file: string, name: string): Generator<FileRecord> {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      yield { k: 'error', message: `scp: ${file}: No such file or directory` };
      return;
    }
    if (stats.isDirectory()) {
      if (!options.recursive) {
        yield { k: 'error', message: `scp: ${file}: not a regular file` };
        return;
      }
      yield { k: 'dir', name, mode: stats.mode & 0o7777, mtime: stats.mtimeMs };
      for (const entry of readdirSync(file).sort()) yield* walk(path.join(file, entry), `${name}/${entry}`);
      return;
    }
    if (!stats.isFile()) {
      yield { k: 'error', message: `scp: ${file}: not a regular file` };
      return;
    }
    let head: Buffer;
    try {
      head = readHead(file, stats.size);
    } catch {
      yield { k: 'error', message: `scp: ${file}: Permission denied` };
      return;
    }
    yield { k: 'file', name, size: stats.size, mode: stats.mode & 0o7777, mtime: stats.mtimeMs, head: head.toString('base64') };
  };
  const trimmed = options.source.length > 1 ? options.source.replace(/\/+$/, '') : options.source;
  yield* walk(trimmed, path.basename(trimmed));
}

/** Writes received records under `target`, as `scp -t target` does. Returns error messages. */
function sinkRecords(options: { target: string; preserve: boolean }): { accept: (record: FileRecord) => void; errors: string[] } {
  const errors: string[] = [];
  const targetIsDirectory = (() => {
    try {
      return statSync(options.target).isDirectory();
    } catch {
      return false;
    }
  })();
  let rootName: string | null = null;
  const destination = (name: string): string => {
    // Into an existing folder, names keep their own root; otherwise the first name's root is renamed to the target.
    if (targetIsDirectory) return path.join(options.target, name);
    rootName ??= name.split('/')[0];
    const parts = name.split('/');
    return parts[0] === rootName ? path.join(options.target, ...parts.slice(1)) : path.join(options.target, name);
  };
  const accept = (record: FileRecord) => {
    try {
      if (record.k === 'dir') {
        const dir = destination(record.name);
        mkdirSync(dir, { recursive: true });
        if (options.preserve) utimesSync(dir, new Date(record.mtime), new Date(record.mtime));
      } else if (record.k === 'file') {
        const file = destination(record.name);
        const head = Buffer.from(record.head, 'base64');
        const fd = openSync(file, 'w', record.mode & 0o777);
        try {
          let offset = 0;
          while (offset < head.length) offset += writeSync(fd, head, offset, head.length - offset, offset);
          if (record.size > head.length) ftruncateSync(fd, record.size);
        } finally {
          closeSync(fd);
        }
        if (options.preserve) {
          chmodSync(file, record.mode & 0o777);
          utimesSync(file, new Date(record.mtime), new Date(record.mtime));
        }
      } else if (record.k === 'error') {
        errors.push(record.message);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const name = record.k === 'file' || record.k === 'dir' ? destination(record.name) : options.target;
      errors.push(`scp: ${name}: ${code === 'ENOENT' ? 'No such file or directory' : code === 'EISDIR' ? 'Is a directory' : code === 'ENOSPC' ? 'No space left on device' : 'Permission denied'}`);
    }
  };
  return { accept, errors };
}

// ---------------------------------------------------------------- scp: progress line

function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 10_000 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit > 0 && value >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${String(Math.round(value)).padStart(4)}${units[unit]}`;
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619) >>> 0;
  return hash;
}

/** The completed-progress line scp prints for a file (rate and time derived from its name and size). */
function progressLine(name: string, size: number): string {
  const rate = 180 + (hashOf(name) % 800) / 10; // MB/s
  const seconds = Math.max(0, Math.round(size / (rate * 1024 * 1024)));
  const hours = Math.floor(seconds / 3600);
  const clock =
    hours > 0
      ? `${hours}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`
      : `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  const base = path.basename(name);
  return `${base.padEnd(Math.max(base.length, 40))} 100% ${formatSize(size)} ${rate.toFixed(1).padStart(5)}MB/s   ${clock.padStart(5)}    \n`;
}

// ---------------------------------------------------------------- scp

type Location = { remote: false; path: string } | { remote: true; user: string; host: string; path: string };

function parseLocation(operand: string): Location {
  const url = /^scp:\/\/(?:([^@/]+)@)?([^:/]+)(?::\d+)?(\/.*)?$/.exec(operand);
  if (url) return { remote: true, user: url[1] ?? localUser(), host: url[2], path: url[3] ?? '.' };
  const colon = operand.indexOf(':');
  const slash = operand.indexOf('/');
  if (colon > 0 && (slash < 0 || colon < slash)) {
    const hostPart = operand.slice(0, colon);
    const at = hostPart.lastIndexOf('@');
    const remotePath = operand.slice(colon + 1);
    return {
      remote: true,
      user: at >= 0 ? hostPart.slice(0, at) : localUser(),
      host: (at >= 0 ? hostPart.slice(at + 1) : hostPart).replace(/^\[|\]$/g, ''),
      path: remotePath === '' ? '.' : remotePath,
    };
  }
  return { remote: false, path: operand };
}

const scpOptionsWithArgument = new Set('cDFiJloPSX'.split(''));

/** Reads records from a remote `scp -f` session, line by line. */
function remoteSource(options: { location: Extract<Location, { remote: true }>; recursive: boolean; preserve: boolean; onRecord: (record: FileRecord) => void }) {
  let buffer = '';
  const flags = `${options.recursive ? ' -r' : ''}${options.preserve ? ' -p' : ''}`;
  const stderr: Buffer[] = [];
  const session = openSession({
    host: options.location.host,
    user: options.location.user,
    command: `scp -f${flags} -- ${quote(options.location.path)}`,
    onStdout: (data) => {
      buffer += data.toString('utf8');
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line !== '') {
          try {
            options.onRecord(JSON.parse(line) as FileRecord);
          } catch {
            // A line that is not a record (a login banner, say) is not a file.
          }
        }
        newline = buffer.indexOf('\n');
      }
    },
    onStderr: (data) => stderr.push(data),
  });
  session.send({ t: 'eof' });
  return { exit: session.exit, stderr };
}

async function scp(args: string[]): Promise<number> {
  let recursive = false;
  let preserve = false;
  let quiet = false;
  const operands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--') {
      operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let position = 1; position < arg.length; position += 1) {
      const letter = arg[position];
      if (scpOptionsWithArgument.has(letter)) {
        if (position + 1 === arg.length) index += 1;
        break;
      }
      if (letter === 'r') recursive = true;
      else if (letter === 'p') preserve = true;
      else if (letter === 'q') quiet = true;
      else if (letter === 'f' || letter === 't') return scpRemoteSide({ mode: letter, args: args.slice(index + 1), recursive, preserve });
    }
  }
  if (operands.length < 2) {
    process.stderr.write('usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n           [-i identity_file] [-J destination] [-l limit] [-o ssh_option]\n           [-P port] [-S program] [-X sftp_option] source ... target\n');
    return 1;
  }
  const target = parseLocation(operands.at(-1)!);
  const sources = operands.slice(0, -1).map(parseLocation);
  let failed = false;
  const progress = (record: FileRecord) => {
    if (!quiet && record.k === 'file') process.stdout.write(progressLine(record.name, record.size));
  };
  const report = (messages: string[]) => {
    for (const message of messages) process.stderr.write(`${message}\n`);
    if (messages.length > 0) failed = true;
  };

  for (const source of sources) {
    if (!source.remote && !target.remote) {
      const sink = sinkRecords({ target: target.path, preserve });
      for (const record of sourceRecords({ source: source.path, recursive })) sink.accept(record);
      report(sink.errors);
      continue;
    }
    // The receiving side: a local folder or file, or a remote `scp -t` session fed with records.
    let accept: (record: FileRecord) => void;
    let finish: () => Promise<void>;
    if (target.remote) {
      const stderr: Buffer[] = [];
      const flags = `${recursive ? ' -r' : ''}${preserve ? ' -p' : ''}`;
      const session = openSession({
        host: target.host,
        user: target.user,
        command: `scp -t${flags} -- ${quote(target.path)}`,
        onStdout: () => {},
        onStderr: (data) => stderr.push(data),
      });
      const lines: string[] = [];
      accept = (record) => {
        lines.push(JSON.stringify(record));
        progress(record);
      };
      finish = async () => {
        sendInput(session, `${lines.join('\n')}\n${JSON.stringify({ k: 'end' })}\n`);
        const code = await session.exit;
        const text = Buffer.concat(stderr).toString('utf8');
        if (text !== '') process.stderr.write(text);
        if (code !== 0) failed = true;
      };
    } else {
      const sink = sinkRecords({ target: target.path, preserve });
      accept = (record) => {
        if (record.k === 'file') progress(record);
        sink.accept(record);
      };
      finish = async () => report(sink.errors);
    }
    if (source.remote) {
      const errors: string[] = [];
      const remote = remoteSource({
        location: source,
        recursive,
        preserve,
        onRecord: (record) => {
          if (record.k === 'error') errors.push(record.message);
          else if (record.k !== 'end') accept(record);
        },
      });
      const code = await remote.exit;
      const text = Buffer.concat(remote.stderr).toString('utf8');
      if (text !== '') process.stderr.write(text);
      report(errors);
      if (code !== 0 && errors.length === 0) failed = true;
    } else {
      const errors: string[] = [];
      for (const record of sourceRecords({ source: source.path, recursive })) {
        if (record.k === 'error') errors.push(record.message);
        else accept(record);
      }
      report(errors);
    }
    await finish();
  }
  return failed ? 1 : 0;
}

/** `scp -f PATH…` sends records on stdout; `scp -t TARGET` reads them from stdin and writes them. */
async function scpRemoteSide(options: { mode: 'f' | 't'; args: string[]; recursive: boolean; preserve: boolean }): Promise<number> {
  let { recursive, preserve } = options;
  const operands: string[] = [];
  for (const arg of options.args) {
    if (arg === '--') continue;
    if (arg === '-r') recursive = true;
    else if (arg === '-p') preserve = true;
    else operands.push(arg);
  }
  if (options.mode === 'f') {
    for (const source of operands) {
      for (const record of sourceRecords({ source, recursive })) process.stdout.write(`${JSON.stringify(record)}\n`);
    }
    process.stdout.write(`${JSON.stringify({ k: 'end' })}\n`);
    return 0;
  }
  const target = operands[0] ?? '.';
  const sink = sinkRecords({ target, preserve });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    let record: FileRecord;
    try {
      record = JSON.parse(line) as FileRecord;
    } catch {
      continue;
    }
    if (record.k === 'end') break;
    sink.accept(record);
  }
  for (const message of sink.errors) process.stderr.write(`${message}\n`);
  // A sink that could not write its target says so even when no record failed (a missing folder).
  if (!lstatExists(path.dirname(path.resolve(target)))) {
    process.stderr.write(`scp: ${target}: No such file or directory\n`);
    return 1;
  }
  return sink.errors.length > 0 ? 1 : 0;
}

function lstatExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'scp' ? scp : ssh;
run(rest).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 255;
  },
);
