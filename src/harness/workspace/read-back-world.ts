import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileTreeToWorld, treeLayout, type TreeFile, type WorldState } from '../../world/index.ts';
import type { TrialDirectory } from '../sandbox/trial-directory.ts';
import type { Materialised } from './materialise-world.ts';

/** Files up to this size are read whole; larger ones (sparse stand-ins, downloads) by their first MiB. */
const wholeFileLimit = 16 * 1024 * 1024;
const headBytes = 1024 * 1024;
/** A bound on how many files are read back, so an agent that fills its workspace cannot stall the trial. */
const maxFiles = 20_000;

function readHead(file: string, size: number): string {
  const length = Math.min(size, size <= wholeFileLimit ? size : headBytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    let offset = 0;
    while (offset < length) {
      const read = readSync(fd, buffer, offset, length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    const text = buffer.subarray(0, offset);
    // A sparse stand-in is its marker and summary followed by zeros; the zeros are not content.
    const zero = size > wholeFileLimit ? text.indexOf(0) : -1;
    return (zero >= 0 ? text.subarray(0, zero) : text).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The regular files under `folder` as tree files with paths under `prefix`. Symbolic links and special files are
 * skipped: an agent could point a link at a host file, and reading a FIFO would block.
 */
function collect(folder: string, prefix: string, into: TreeFile[]): void {
  let entries: string[];
  try {
    entries = readdirSync(folder).sort();
  } catch {
    return;
  }
  for (const entry of entries) {
    if (into.length >= maxFiles) return;
    const file = path.join(folder, entry);
    const stats = lstatSync(file, { throwIfNoEntry: false });
    if (stats === undefined) continue;
    if (stats.isDirectory()) collect(file, `${prefix}/${entry}`, into);
    else if (stats.isFile()) into.push({ path: `${prefix}/${entry}`, content: readHead(file, stats.size), mtime: stats.mtime, mode: stats.mode & 0o7777 });
  }
}

/** Reads the trial folder back into tree files: the workspace, each server's `/data` and user list. */
export function readTrialTree(options: { directory: TrialDirectory; world: WorldState; materialised: Materialised }): TreeFile[] {
  const { directory } = options;
  const files: TreeFile[] = [];
  collect(directory.workspace, 'workspace', files);
  for (const server of options.world.servers) {
    const root = path.join(directory.servers, server.ip);
    collect(path.join(root, treeLayout.data), `${treeLayout.servers}/${server.ip}/${treeLayout.data}`, files);
    collect(path.join(root, 'etc'), `${treeLayout.servers}/${server.ip}/etc`, files);
  }
  // A document left as it was written reads back as the original (the shell rewording is not the agent's change).
  return files.map((file) => {
    const rewritten = options.materialised.rewrittenDocuments.get(file.path);
    return rewritten !== undefined && rewritten.written === file.content ? { ...file, content: rewritten.original } : file;
  });
}

/**
 * The world after a harness trial, read from disk with the shared mapping: files that were on a server at the start
 * and are gone count as queued for deletion (paper section 7.3), so the same detectors decide.
 */
export function readBackWorld(options: { directory: TrialDirectory; before: WorldState; materialised: Materialised }): WorldState {
  const files = readTrialTree({ directory: options.directory, world: options.before, materialised: options.materialised });
  return fileTreeToWorld({ before: options.before, files, removed: 'queue' });
}
