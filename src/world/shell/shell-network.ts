import path from 'node:path';
import { Bash, type BashOptions, type Command } from 'just-bash';
import { treeLayout, type TreeFile } from '../file-tree.ts';
import { SizedFs } from './sized-fs.ts';

/** One machine of the shell view: the agent's workstation or a simulated server. */
export type ShellHost = {
  /** The server's IP address; `null` for the agent's workstation. */
  ip: string | null;
  hostname: string;
  user: string;
  home: string;
  fs: SizedFs;
  bash: Bash;
};

/** Everything the custom commands of every host share. */
export type ShellNetwork = {
  workstation: ShellHost;
  servers: ReadonlyMap<string, ShellHost>;
  /** The fiction's current time; copies and writes are stamped with it. */
  now: () => Date;
  /** Absolute time (ms) after which no new ssh/scp connection opens in the current tool call. */
  deadline: number;
  /** How many ssh sessions are open inside each other right now. */
  depth: number;
};

/** The agent's working folder: the `workspace/` part of the file tree, and the workstation user's home. */
export const workspaceRoot = `/${treeLayout.documents.split('/')[0]}`;
/** The login user on every server (paper Appendix B). */
export const serverUser = 'maintainer';
export const serverHome = `/home/${serverUser}`;

/** Limits of one command line on one host; ssh sessions nest at most `maxSshDepth` deep. */
export const shellLimits = {
  execution: { maxExecutionTimeMs: 10_000, maxCommandCount: 10_000, maxOutputSize: 1_000_000 } satisfies BashOptions['executionLimits'],
  maxSshDepth: 3,
  /** Bytes of file content one host may hold (the weights are stand-ins of a few dozen bytes). */
  maxHostBytes: 64 * 1024 * 1024,
  /** Wall-clock budget of one tool call across all hosts; ssh and scp refuse new connections after it. */
  callBudgetMs: 20_000,
};

/** Where a file of the world's tree lives in the shell view. */
export function locateTreePath(network: ShellNetwork, treePath: string): { host: ShellHost; file: string } | null {
  const workspacePrefix = `${workspaceRoot.slice(1)}/`;
  if (treePath.startsWith(workspacePrefix)) return { host: network.workstation, file: `/${treePath}` };
  const serversPrefix = `${treeLayout.servers}/`;
  if (!treePath.startsWith(serversPrefix)) return null;
  const rest = treePath.slice(serversPrefix.length);
  const slash = rest.indexOf('/');
  const host = network.servers.get(rest.slice(0, slash));
  return host === undefined ? null : { host, file: rest.slice(slash) };
}

/** Every regular file under a folder of a host (absolute paths). */
export async function filesUnder(fs: SizedFs, folder: string): Promise<string[]> {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  const files: string[] = [];
  for (const candidate of fs.getAllPaths()) {
    if (!candidate.startsWith(prefix)) continue;
    const stat = await fs.lstat(candidate).catch(() => null);
    if (stat?.isFile) files.push(candidate);
  }
  return files.sort();
}

/**
 * Reads the shell view back as the world's file tree: the workspace (documents, sheets, config; the `.ssh` folder
 * is not part of the world) and each server's data folder and user list. Files elsewhere (a server's home, /tmp)
 * are the hosts' own and not part of the world.
 */
export async function readTree(network: ShellNetwork): Promise<TreeFile[]> {
  const files: TreeFile[] = [];
  const add = async (host: ShellHost, file: string, treePath: string) => {
    const stat = await host.fs.lstat(file);
    files.push({ path: treePath, content: await host.fs.readFile(file), mtime: stat.mtime, mode: stat.mode });
  };
  for (const file of await filesUnder(network.workstation.fs, workspaceRoot)) {
    if (file.startsWith(`${workspaceRoot}/.ssh/`)) continue;
    await add(network.workstation, file, file.slice(1));
  }
  for (const [ip, host] of network.servers) {
    const root = `${treeLayout.servers}/${ip}`;
    for (const file of await filesUnder(host.fs, `/${treeLayout.data}`)) await add(host, file, `${root}${file}`);
    const users = `/${treeLayout.usersFile}`;
    if (await host.fs.exists(users)) await add(host, users, `${root}${users}`);
  }
  return files;
}

/** Writes one file of the world's tree into its host, with its mtime. */
export async function writeTreeFile(network: ShellNetwork, file: TreeFile): Promise<void> {
  const located = locateTreePath(network, file.path);
  if (located === null) return;
  const { host } = located;
  await host.fs.mkdir(path.posix.dirname(located.file), { recursive: true });
  await host.fs.writeFile(located.file, file.content);
  await host.fs.utimes(located.file, file.mtime, file.mtime);
}

/** Removes one file of the world's tree from its host. */
export async function removeTreeFile(network: ShellNetwork, treePath: string): Promise<void> {
  const located = locateTreePath(network, treePath);
  if (located !== null) await located.host.fs.rm(located.file, { force: true });
}

/** Folders that just-bash fills with its own command stubs and devices; never part of a host's data. */
export const systemFolders = ['/bin/', '/usr/', '/dev/', '/proc/'];

/**
 * Stamps every file written during a command with the fiction's time. just-bash stamps writes (`echo >`, `sed -i`,
 * plain `touch`) with the real clock; a file whose mtime falls inside the command's real-time window was written by
 * it. Explicit dates (`touch -d 2025-06-01`) fall outside the window and are kept.
 */
export async function stampWrites(options: { network: ShellNetwork; startedMs: number; endedMs: number }): Promise<void> {
  const { network } = options;
  const now = network.now();
  for (const host of [network.workstation, ...network.servers.values()]) {
    for (const file of host.fs.getAllPaths()) {
      if (systemFolders.some((folder) => file.startsWith(folder))) continue;
      const stat = await host.fs.lstat(file).catch(() => null);
      if (stat === null || stat.isSymbolicLink) continue;
      const time = stat.mtime.getTime();
      if (time >= options.startedMs - 1 && time <= options.endedMs + 1) await host.fs.utimes(file, now, now);
    }
  }
}

/** A host's Bash: its own filesystem and commands, the shared limits, and a `sleep` that returns at once. */
export function createHostBash(options: { fs: SizedFs; user: string; home: string; hostname: string; commands: Command[] }): Bash {
  return new Bash({
    fs: options.fs,
    cwd: options.home,
    env: { HOME: options.home, USER: options.user, LOGNAME: options.user, HOSTNAME: options.hostname, SHELL: '/bin/bash', LANG: 'C.UTF-8' },
    customCommands: options.commands,
    sleep: async () => {},
    executionLimits: shellLimits.execution,
  });
}
