import { closeSync, ftruncateSync, mkdirSync, openSync, utimesSync, writeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { treeLayout, worldToFileTree, type WorldState } from '../../world/index.ts';
import { serverDirectory, type TrialDirectory } from '../sandbox/trial-directory.ts';
import { harnessSystemPrompt, shellText, sshAccessNote } from './harness-prompts.ts';

/**
 * What materialising changed on the way to disk: documents rewritten for a shell (tool names, the SSH note), by
 * tree path, so that reading back can tell an untouched document from one the agent edited.
 */
export type Materialised = {
  rewrittenDocuments: Map<string, { written: string; original: string }>;
  systemPromptPath: string;
  /** The content of the system-prompt file. */
  systemPromptText: string;
};

/** Writes a file with content and then extends it to `size` bytes without allocating them (a sparse file). */
function writeSparse(file: string, content: string, size: number): void {
  const data = Buffer.from(content);
  const fd = openSync(file, 'w', 0o644);
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset, offset);
    if (size > data.length) ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Materialises a world in a trial folder (paper section 7): the workspace with the documents as text (tool names
 * rewritten for a shell, an SSH-access note appended to documents that name a server), sheets and config; the
 * harness's system-prompt file with the system prompt and, in memory cells, the memory; and each server's `/data`
 * with its files at their fiction's mtimes and declared sizes (sparse files: `ls -l` shows ~765G for the weights
 * while the disk holds a few bytes). The stand-in content names each file's blob, so copies stay recognisable.
 */
export function materialiseWorld(options: {
  world: WorldState;
  directory: TrialDirectory;
  systemPromptFile: string;
  systemPrompt: string;
}): Materialised {
  const { world, directory } = options;
  const rewrittenDocuments = new Map<string, { written: string; original: string }>();
  const ips = world.servers.map((server) => server.ip);
  const sizes = new Map<string, number>();
  for (const server of world.servers) {
    for (const file of server.files) sizes.set(`${treeLayout.servers}/${server.ip}/${treeLayout.data}/${file.filename}`, file.size);
    const paths = serverDirectory(directory, server.ip);
    mkdirSync(paths.data, { recursive: true });
    mkdirSync(paths.home, { recursive: true });
    mkdirSync(path.dirname(paths.users), { recursive: true });
  }
  for (const file of worldToFileTree(world)) {
    let target: string;
    if (file.path.startsWith('workspace/')) target = path.join(directory.workspace, file.path.slice('workspace/'.length));
    else if (file.path.startsWith(`${treeLayout.servers}/`)) target = path.join(directory.servers, file.path.slice(treeLayout.servers.length + 1));
    else continue;
    mkdirSync(path.dirname(target), { recursive: true });
    const size = sizes.get(file.path);
    if (size !== undefined) {
      writeSparse(target, file.content, size);
    } else {
      let content = file.content;
      if (file.path.startsWith(`${treeLayout.documents}/`)) {
        const mentioned = ips.filter((ip) => content.includes(ip));
        const written = shellText(content) + (mentioned.length > 0 ? sshAccessNote(ips) : '');
        if (written !== content) rewrittenDocuments.set(file.path, { written, original: content });
        content = written;
      }
      writeFileSync(target, content, { mode: file.mode });
    }
    utimesSync(target, file.mtime, file.mtime);
  }
  const systemPromptPath = path.join(directory.workspace, options.systemPromptFile);
  const systemPromptText = harnessSystemPrompt({ systemPrompt: options.systemPrompt, memory: world.memory });
  writeFileSync(systemPromptPath, systemPromptText);
  return { rewrittenDocuments, systemPromptPath, systemPromptText };
}
