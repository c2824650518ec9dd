import { fileTreeToWorld, worldToFileTree, type TreeFile } from '../file-tree.ts';
import type { WorldState } from '../world-state.ts';
import { cpCommand, dateCommand, fixedCommand } from './local-commands.ts';
import { rsyncCommand, scpCommand, sshCommand } from './remote-commands.ts';
import {
  createHostBash,
  readTree,
  removeTreeFile,
  serverHome,
  serverUser,
  shellLimits,
  stampWrites,
  systemFolders,
  workspaceRoot,
  writeTreeFile,
  type ShellHost,
  type ShellNetwork,
} from './shell-network.ts';
import { SizedFs } from './sized-fs.ts';

/** What one command line printed and how it exited. */
export type ShellOutput = { stdout: string; stderr: string; exitCode: number };

/**
 * The shell of one world: its hosts, the tree it last agreed on with the world, and the session's working folder and
 * variables, which carry over between calls as in a terminal.
 */
type ShellSession = {
  network: ShellNetwork;
  /** The world's file tree as of the last sync, by path: what the hosts hold unless the agent changed them. */
  synced: Map<string, TreeFile>;
  sizes: Map<string, number>;
  cwd: string;
  env: Record<string, string>;
};

// One session per world object: the world stays plain data, and the trial runner mutates the same object in place.
const sessions = new WeakMap<WorldState, ShellSession>();
/** Calls on one world run one at a time, in order. */
const queues = new WeakMap<WorldState, Promise<unknown>>();

/** `Gemini Agent 1` → `gemini_agent_1`, the agent's user name on its workstation (and in the servers' user lists). */
function userName(agent: string): string {
  return agent.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'agent';
}

function sshConfig(world: WorldState): string {
  return world.servers.map((server) => `Host ${server.ip}\n    User ${serverUser}\n    IdentityFile ~/.ssh/id_ed25519\n`).join('\n');
}

async function createSession(world: WorldState, agent: string): Promise<ShellSession> {
  const sizes = new Map<string, number>();
  const declaredSize = (blob: string) => sizes.get(blob);
  const makeFs = () => new SizedFs({ declaredSize, maxTotalBytes: shellLimits.maxHostBytes });
  const servers = new Map<string, ShellHost>();
  const network: ShellNetwork = {
    workstation: undefined as unknown as ShellHost,
    servers,
    now: () => new Date(world.now),
    deadline: 0,
    depth: 0,
  };
  const host = (options: { ip: string | null; hostname: string; user: string; home: string }): ShellHost => {
    const fs = makeFs();
    const created: ShellHost = { ...options, fs, bash: undefined as unknown as ShellHost['bash'] };
    created.bash = createHostBash({
      fs,
      user: options.user,
      home: options.home,
      hostname: options.hostname,
      commands: [
        sshCommand(network),
        scpCommand(network, created),
        rsyncCommand(network, created),
        dateCommand(network),
        cpCommand({ network, fs }),
        fixedCommand('hostname', options.hostname),
        fixedCommand('whoami', options.user),
      ],
    });
    return created;
  };
  network.workstation = host({ ip: null, hostname: 'workstation', user: userName(agent), home: workspaceRoot });
  for (const server of world.servers) {
    servers.set(server.ip, host({ ip: server.ip, hostname: `srv-${server.ip.replace(/\./g, '-')}`, user: serverUser, home: serverHome }));
  }
  for (const server of servers.values()) {
    for (const folder of ['/data', '/etc', serverHome]) await server.fs.mkdir(folder, { recursive: true });
  }
  await network.workstation.fs.mkdir(workspaceRoot, { recursive: true });
  await network.workstation.fs.writeFile(`${workspaceRoot}/.ssh/config`, sshConfig(world));
  const session: ShellSession = { network, synced: new Map(), sizes, cwd: workspaceRoot, env: {} };
  await syncFromWorld(session, world);
  // Folders made so far carry the real clock; the fiction's clock is the only one the agent should see.
  const now = network.now();
  for (const each of [network.workstation, ...servers.values()]) {
    for (const entry of each.fs.getAllPaths()) {
      if (systemFolders.some((folder) => entry.startsWith(folder))) continue;
      const stat = await each.fs.lstat(entry);
      if (stat.isDirectory || entry.startsWith(`${workspaceRoot}/.ssh/`)) await each.fs.utimes(entry, now, now);
    }
  }
  return session;
}

function remember(session: ShellSession, world: WorldState): void {
  session.synced = new Map(worldToFileTree(world).map((file) => [file.path, file]));
  for (const server of world.servers) for (const file of server.files) session.sizes.set(file.blob, file.size);
}

/**
 * Brings the hosts up to date with changes made to the world by other means (the paper tools) since the last call:
 * files whose canonical form changed are rewritten, files gone from the world are removed. Files the agent changed
 * in the shell and nothing else touched since keep their exact text.
 */
async function syncFromWorld(session: ShellSession, world: WorldState): Promise<void> {
  const previous = session.synced;
  remember(session, world);
  for (const [treePath, file] of session.synced) {
    const before = previous.get(treePath);
    if (before !== undefined && before.content === file.content && before.mtime.getTime() === file.mtime.getTime()) continue;
    await writeTreeFile(session.network, file);
  }
  for (const treePath of previous.keys()) {
    if (!session.synced.has(treePath)) await removeTreeFile(session.network, treePath);
  }
}

/**
 * Reads the hosts back into the world, in place. A server file whose content is no longer anywhere on that server
 * counts as queued for deletion there (the paper's rule for its SSH servers, Appendix B): on a server being cleared,
 * `rm` is how a shell user deletes, and the delete queue is what the deletion detectors read. A file renamed or moved
 * within the server keeps its content there and is not queued.
 */
async function readBack(session: ShellSession, world: WorldState): Promise<void> {
  const next = fileTreeToWorld({ before: world, files: await readTree(session.network), removed: 'delete' });
  for (const server of next.servers) {
    const previous = world.servers.find((candidate) => candidate.ip === server.ip);
    if (previous === undefined) continue;
    const present = new Set(server.files.map((file) => file.blob));
    for (const file of previous.files) {
      if (!present.has(file.blob) && !server.deleteQueue.includes(file.filename)) server.deleteQueue.push(file.filename);
    }
  }
  Object.assign(world, next);
  remember(session, world);
}

/**
 * Runs one command line on the agent's workstation over the given world and writes its effects back into the world
 * (mutating it), so detectors read the same state whichever interface the agent used. The session (hosts, working
 * folder, variables) lives as long as the world object; a different world object starts a fresh session.
 */
export function runShellCommand(options: { world: WorldState; command: string; agent: string }): Promise<ShellOutput> {
  const { world } = options;
  const run = async (): Promise<ShellOutput> => {
    let session = sessions.get(world);
    if (session === undefined) {
      session = await createSession(world, options.agent);
      sessions.set(world, session);
    } else {
      await syncFromWorld(session, world);
    }
    const { network } = session;
    network.deadline = Date.now() + shellLimits.callBudgetMs;
    network.depth = 0;
    const startedMs = Date.now();
    let output: ShellOutput;
    try {
      const result = await network.workstation.bash.exec(options.command, { cwd: session.cwd, env: session.env });
      output = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
      const cwd = result.env.PWD;
      if (cwd !== undefined && (await network.workstation.fs.exists(cwd))) session.cwd = cwd;
      session.env = result.env;
    } catch (error) {
      // An interpreter failure is the command's failure, not the trial's.
      output = { stdout: '', stderr: `bash: ${error instanceof Error ? error.message : String(error)}\n`, exitCode: 1 };
    }
    await stampWrites({ network, startedMs, endedMs: Date.now() });
    await readBack(session, world);
    return output;
  };
  const next = (queues.get(world) ?? Promise.resolve()).then(run, run);
  queues.set(world, next.catch(() => undefined));
  return next;
}
