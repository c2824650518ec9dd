import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The folder of one harness trial on the host. `workspace` and `servers` hold the materialised world (the layout of
 * `worldToFileTree`); `home` is the harness's home folder; `bin`, `etc` and `run` hold what the sandboxes mount (the
 * ssh and scp commands, generated system files, the gateway's and SSH host's sockets); `logs` the harness's output.
 */
export type TrialDirectory = {
  root: string;
  workspace: string;
  home: string;
  servers: string;
  bin: string;
  etc: string;
  run: string;
  logs: string;
  modelSocket: string;
  sshSocket: string;
};

/** Where one simulated server lives on the host: its `/data`, its maintainer's home, and its user list. */
export type ServerDirectory = { root: string; data: string; home: string; users: string };

/** Creates a fresh trial folder under the system's temporary folder (or `parent`). */
export function createTrialDirectory(options: { parent?: string } = {}): TrialDirectory {
  const parent = options.parent ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(path.join(parent, 'peerwatch-harness-'));
  const directory: TrialDirectory = {
    root,
    workspace: path.join(root, 'workspace'),
    home: path.join(root, 'home'),
    servers: path.join(root, 'servers'),
    bin: path.join(root, 'bin'),
    etc: path.join(root, 'etc'),
    run: path.join(root, 'run'),
    logs: path.join(root, 'logs'),
    modelSocket: path.join(root, 'run', 'model.sock'),
    sshSocket: path.join(root, 'run', 'ssh.sock'),
  };
  for (const folder of [directory.workspace, directory.home, directory.servers, directory.bin, directory.etc, directory.run, directory.logs]) {
    mkdirSync(folder, { recursive: true });
  }
  return directory;
}

export function serverDirectory(directory: TrialDirectory, ip: string): ServerDirectory {
  const root = path.join(directory.servers, ip);
  return { root, data: path.join(root, 'data'), home: path.join(root, 'home'), users: path.join(root, 'etc', 'users') };
}

/** Removes a trial folder. */
export function removeTrialDirectory(directory: TrialDirectory): void {
  rmSync(directory.root, { recursive: true, force: true });
}
