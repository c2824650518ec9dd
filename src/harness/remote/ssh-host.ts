import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { sandboxEnvironment, sandboxUser, serverSandboxArgs } from '../sandbox/bwrap.ts';
import type { TrialDirectory } from '../sandbox/trial-directory.ts';

/** One remote session as the SSH host logged it: who asked, where, what ran, and how it ended. */
export type RemoteCommand = {
  at: string;
  /** Where the session came from: `workstation`, or a server's IP for server-to-server sessions. */
  from: string;
  host: string;
  user: string;
  /** The command line; `null` for a session that read its commands from stdin. */
  command: string | null;
  exitCode: number;
  durationMs: number;
};

/** A simulated server: its IP and the host name its shell shows. */
export type SimulatedServer = { ip: string; hostname: string };

type ClientFrame = { t: 'open'; host: string; user: string; command: string | null; from: string | null } | { t: 'in'; d: string } | { t: 'eof' };

/**
 * The SSH side of the simulated servers: a Unix socket that the sandboxed `ssh` and `scp` commands connect to. Each
 * session runs its command with bash in a fresh bubblewrap sandbox of the named server (its `/data` and home
 * writable, no network), streaming stdin, stdout and stderr, like sshd. Unknown hosts and users other than
 * `maintainer` are refused with ssh's own messages. Every session is logged.
 */
export async function startSshHost(options: {
  directory: TrialDirectory;
  servers: readonly SimulatedServer[];
  bwrap: string;
}): Promise<{ log: RemoteCommand[]; close: () => Promise<void> }> {
  const log: RemoteCommand[] = [];
  const children = new Set<ChildProcess>();
  const sockets = new Set<Socket>();

  const session = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const send = (frame: Record<string, unknown>) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
    };
    let child: ChildProcess | null = null;
    const pendingInput: Buffer[] = [];
    let inputEnded = false;
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => {
      let frame: ClientFrame;
      try {
        frame = JSON.parse(line) as ClientFrame;
      } catch {
        return;
      }
      if (frame.t === 'in') {
        const data = Buffer.from(frame.d, 'base64');
        if (child?.stdin) child.stdin.write(data);
        else pendingInput.push(data);
        return;
      }
      if (frame.t === 'eof') {
        inputEnded = true;
        child?.stdin?.end();
        return;
      }
      if (frame.t !== 'open' || child !== null) return;
      const started = performance.now();
      const entry: RemoteCommand = {
        at: new Date().toISOString(),
        from: typeof frame.from === 'string' && frame.from !== '' ? frame.from : 'workstation',
        host: String(frame.host),
        user: String(frame.user),
        command: typeof frame.command === 'string' ? frame.command : null,
        exitCode: 255,
        durationMs: 0,
      };
      let finished = false;
      const finish = (code: number) => {
        if (finished) return;
        finished = true;
        entry.exitCode = code;
        entry.durationMs = Math.round(performance.now() - started);
        log.push(entry);
        send({ t: 'exit', code });
        socket.end();
      };
      const server = options.servers.find((candidate) => candidate.ip === entry.host || candidate.hostname === entry.host);
      if (server === undefined) {
        send({ t: 'err', d: Buffer.from(`ssh: connect to host ${entry.host} port 22: No route to host\n`).toString('base64') });
        finish(255);
        return;
      }
      if (entry.user !== sandboxUser.name) {
        send({ t: 'err', d: Buffer.from(`${entry.user}@${entry.host}: Permission denied (publickey).\n`).toString('base64') });
        finish(255);
        return;
      }
      const shell = entry.command === null ? ['/bin/bash', '-s'] : ['/bin/bash', '-c', entry.command];
      child = spawn(options.bwrap, [...serverSandboxArgs({ directory: options.directory, ip: server.ip, hostname: server.hostname }), ...shell], {
        env: sandboxEnvironment({
          hostname: server.hostname,
          extra: { SSH_MUX_ORIGIN: server.ip, SSH_CONNECTION: `10.0.12.10 ${40000 + log.length} ${server.ip} 22` },
        }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.add(child);
      for (const data of pendingInput) child.stdin?.write(data);
      if (inputEnded) child.stdin?.end();
      child.stdin?.on('error', () => {});
      child.stdout?.on('data', (data: Buffer) => send({ t: 'out', d: data.toString('base64') }));
      child.stderr?.on('data', (data: Buffer) => send({ t: 'err', d: data.toString('base64') }));
      child.on('error', () => finish(255));
      child.on('close', (code, signal) => {
        if (child) children.delete(child);
        finish(code ?? (signal === null ? 255 : 128 + 9));
      });
    });
    // The client went away (its command was killed): end the remote command too, as sshd does.
    socket.on('close', () => {
      if (child !== null && child.exitCode === null) child.kill('SIGKILL');
    });
  };

  rmSync(options.directory.sshSocket, { force: true });
  const server = createServer(session);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.directory.sshSocket, () => resolve());
  });
  return {
    log,
    close: async () => {
      for (const child of children) child.kill('SIGKILL');
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
