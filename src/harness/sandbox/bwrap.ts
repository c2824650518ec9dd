import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../util/index.ts';
import { serverDirectory, type TrialDirectory } from './trial-directory.ts';

/** Paths as the sandboxed harness and servers see them. */
export const sandboxPaths = {
  home: '/home/maintainer',
  workspace: '/home/maintainer/workspace',
  node: '/opt/node/bin/node',
  remoteClient: '/opt/ssh-mux/client.ts',
  modelProxy: '/opt/model-proxy/proxy.ts',
  sshSocket: '/run/ssh-mux/control.sock',
  modelSocket: '/run/model-proxy/model.sock',
  harness: '/opt/harness',
  data: '/data',
} as const;

/** The account the harness and the servers' sessions run as (the paper's login user). */
export const sandboxUser = { name: 'maintainer', uid: 1000, gid: 1000 } as const;

/** The loopback port inside the harness sandbox where the model proxy listens (LiteLLM's usual port). */
export const modelProxyPort = 4000;

const remoteClientFile = fileURLToPath(new URL('../remote/remote-client.ts', import.meta.url));
const modelProxyFile = fileURLToPath(new URL('./model-proxy.ts', import.meta.url));

/** The bubblewrap binary (`BWRAP` overrides); a clear error names the package when it is missing. */
export function bwrapPath(env: NodeJS.ProcessEnv = process.env): string {
  const candidate = env.BWRAP ?? '/usr/bin/bwrap';
  if (!existsSync(candidate)) {
    throw new UsageError({ message: `harness trials run under bubblewrap, which is not installed (${candidate}); install it with: apt-get install bubblewrap` });
  }
  return candidate;
}

const workingSandboxes = new Set<string>();

/**
 * Checks once per process that bubblewrap can make the sandboxes harness trials use (new user, network and pid
 * namespaces); hosts that forbid unprivileged user namespaces get a usage error that says so, before any trial runs.
 */
export function checkSandbox(bwrap: string): void {
  if (workingSandboxes.has(bwrap)) return;
  const result = spawnSync(bwrap, [...systemMounts(), '--unshare-all', '--die-with-parent', '--uid', String(sandboxUser.uid), '--gid', String(sandboxUser.gid), '/bin/true'], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { PATH: '/usr/bin:/bin' },
  });
  if (result.status !== 0) {
    const reason = (result.stderr || result.error?.message || `exit ${result.status}`).trim();
    throw new UsageError({
      message: `bubblewrap cannot create a sandbox on this machine (${reason}); harness trials need unprivileged user namespaces (on Ubuntu 24.04 and later: sysctl kernel.apparmor_restrict_unprivileged_userns=0, or a container that allows them)`,
    });
  }
  workingSandboxes.add(bwrap);
}

/** Host files of /etc that programs need (libraries, certificates, shell start-up), bound read-only when present. */
const etcEntries = [
  'alternatives',
  'bash.bashrc',
  'ca-certificates',
  'ca-certificates.conf',
  'debian_version',
  'environment',
  'gai.conf',
  'host.conf',
  'inputrc',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'login.defs',
  'magic',
  'mime.types',
  'nsswitch.conf',
  'os-release',
  'profile',
  'profile.d',
  'protocols',
  'services',
  'skel',
  'ssl',
  'terminfo',
  'timezone',
];

let systemMountsCache: string[] | null = null;

/**
 * The read-only system a sandbox sees: /usr (and the /bin, /lib… links or folders next to it), selected /etc files,
 * fresh /proc and /dev, and a private /tmp. Host home folders, /work, /opt, /root and the rest stay out of sight.
 */
export function systemMounts(): string[] {
  if (systemMountsCache !== null) return systemMountsCache;
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const name of ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32']) {
    const host = `/${name}`;
    if (!existsSync(host)) continue;
    const stats = lstatSync(host);
    if (stats.isSymbolicLink()) args.push('--symlink', `usr/${name}`, host);
    else args.push('--ro-bind', host, host);
  }
  for (const entry of etcEntries) {
    const host = `/etc/${entry}`;
    if (existsSync(host)) args.push('--ro-bind', host, host);
  }
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp', '--dir', '/run', '--dir', '/home');
  systemMountsCache = args;
  return args;
}

/**
 * Writes the files both sandboxes mount from the trial folder: the `ssh` and `scp` commands (run by the sandboxed
 * Node on the standalone client), a `node` link, and per-host /etc files (users, host name, known hosts).
 */
export function prepareSandboxFiles(options: { directory: TrialDirectory; servers: readonly { ip: string; hostname: string }[] }): void {
  const { directory } = options;
  for (const command of ['ssh', 'scp']) {
    const file = path.join(directory.bin, command);
    writeFileSync(file, `#!/bin/sh\nexec ${sandboxPaths.node} --no-warnings ${sandboxPaths.remoteClient} ${command} "$@"\n`);
    chmodSync(file, 0o755);
  }
  if (!existsSync(path.join(directory.bin, 'node'))) symlinkSync(sandboxPaths.node, path.join(directory.bin, 'node'));
  const hosts = ['127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', ...options.servers.map((server) => `${server.ip}\t${server.hostname}`)];
  const write = (host: string, hostname: string) => {
    const etc = path.join(directory.etc, host);
    mkdirSync(etc, { recursive: true });
    const { name, uid, gid } = sandboxUser;
    writeFileSync(path.join(etc, 'passwd'), `root:x:0:0:root:/root:/bin/bash\n${name}:x:${uid}:${gid}:${name}:${sandboxPaths.home}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`);
    writeFileSync(path.join(etc, 'group'), `root:x:0:\n${name}:x:${gid}:\nnogroup:x:65534:\n`);
    writeFileSync(path.join(etc, 'hostname'), `${hostname}\n`);
    writeFileSync(path.join(etc, 'hosts'), `${hosts.join('\n')}\n127.0.1.1\t${hostname}\n`);
  };
  write('workstation', 'workstation');
  for (const server of options.servers) write(server.ip, server.hostname);
}

function identityMounts(directory: TrialDirectory, host: string, hostname: string): string[] {
  const etc = path.join(directory.etc, host);
  const args = [
    '--ro-bind', path.join(etc, 'passwd'), '/etc/passwd',
    '--ro-bind', path.join(etc, 'group'), '/etc/group',
    '--ro-bind', path.join(etc, 'hostname'), '/etc/hostname',
    '--ro-bind', path.join(etc, 'hosts'), '/etc/hosts',
    '--ro-bind', process.execPath, sandboxPaths.node,
    '--ro-bind', remoteClientFile, sandboxPaths.remoteClient,
    '--ro-bind', directory.sshSocket, sandboxPaths.sshSocket,
    // The ssh and scp commands shadow any host ones, so no real SSH client can be reached.
    '--ro-bind', directory.bin, '/usr/local/bin',
  ];
  for (const command of ['ssh', 'scp']) {
    if (existsSync(`/usr/bin/${command}`)) args.push('--ro-bind', path.join(directory.bin, command), `/usr/bin/${command}`);
  }
  args.push('--unshare-all', '--die-with-parent', '--new-session', '--uid', String(sandboxUser.uid), '--gid', String(sandboxUser.gid), '--hostname', hostname);
  return args;
}

/**
 * bubblewrap arguments for the harness: every namespace unshared (the network namespace has only loopback, where
 * the model proxy forwards to the gateway's socket), the trial's workspace and home writable, the harness install
 * read-only, everything else of the host hidden or read-only.
 */
export function harnessSandboxArgs(options: { directory: TrialDirectory; harnessDirectory: string }): string[] {
  const { directory } = options;
  return [
    ...systemMounts(),
    '--bind', directory.home, sandboxPaths.home,
    '--bind', directory.workspace, sandboxPaths.workspace,
    '--ro-bind', options.harnessDirectory, sandboxPaths.harness,
    '--ro-bind', modelProxyFile, sandboxPaths.modelProxy,
    '--ro-bind', directory.modelSocket, sandboxPaths.modelSocket,
    ...identityMounts(directory, 'workstation', 'workstation'),
    '--chdir', sandboxPaths.workspace,
  ];
}

/** bubblewrap arguments for one session on a simulated server: its /data and home writable, nothing else. */
export function serverSandboxArgs(options: { directory: TrialDirectory; ip: string; hostname: string }): string[] {
  const server = serverDirectory(options.directory, options.ip);
  return [
    ...systemMounts(),
    '--bind', server.data, sandboxPaths.data,
    '--bind', server.home, sandboxPaths.home,
    ...identityMounts(options.directory, options.ip, options.hostname),
    '--chdir', sandboxPaths.home,
  ];
}

/** The environment of a sandboxed process: nothing of the host's, so no key or token leaks in. */
export function sandboxEnvironment(options: { hostname: string; extra?: Record<string, string> }): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
    HOME: sandboxPaths.home,
    USER: sandboxUser.name,
    LOGNAME: sandboxUser.name,
    SHELL: '/bin/bash',
    HOSTNAME: options.hostname,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    TMPDIR: '/tmp',
    ...options.extra,
  };
}
