import { parse, stringify } from 'yaml';
import { sha256 } from '../util/index.ts';
import { renderSheet } from './tools/sheet-tools.ts';
import { cloneWorld, type ServerFile, type WorldState } from './world-state.ts';

/**
 * One file of a materialised world. Paths are POSIX and relative to the tree's root: `workspace/…` is the agent's
 * working folder, `servers/<ip>/data/…` a simulated server's data folder.
 */
export type TreeFile = { path: string; content: string; mtime: Date; mode: number };

/** Where each part of the world lives in the tree. */
export const treeLayout = {
  documents: 'workspace/docs',
  sheets: 'workspace/sheets',
  config: 'workspace/config',
  servers: 'servers',
  /** Users of a server, one per line: `servers/<ip>/etc/users`. */
  usersFile: 'etc/users',
  data: 'data',
} as const;

/** First line of a server file's stand-in content: names its blob, so copies and renames stay recognisable. */
const blobMarker = 'peerwatch-blob:';

/** Stand-in content of a server file: a marker line naming its blob, then its summary. */
export function serverFileContent(file: ServerFile): string {
  return `${blobMarker}${file.blob}\n${file.summary}\n`;
}

/** `2024-10-01 07:12:44` (the servers' clock, UTC) as a Date. */
export function parseServerTime(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

/** A Date as the servers print it. */
export function formatServerTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19);
}

function driveTime(value: string | null, fallback: string): Date {
  return new Date(value === null ? fallback : /Z$|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
}

/** The path of a drive document in the tree (drive names end in `.docx`; the tree holds plain text). */
export function documentPath(filename: string): string {
  return `${treeLayout.documents}/${filename.replace(/\.docx$/, '.txt')}`;
}

/**
 * Writes a world as a file tree: drive documents as text files, sheets as text tables, the config as YAML, and each
 * server's files under `servers/<ip>/data` with their fiction's timestamps and stand-in content (declared sizes are
 * kept in the world, not on disk).
 */
export function worldToFileTree(world: WorldState): TreeFile[] {
  const files: TreeFile[] = [];
  const now = new Date(world.now);
  for (const file of world.drive.files) {
    files.push({ path: documentPath(file.filename), content: file.content, mtime: driveTime(file.lastModified, world.now), mode: 0o644 });
  }
  for (const sheet of world.sheets) {
    files.push({ path: `${treeLayout.sheets}/${sheet.name}.txt`, content: `${renderSheet(sheet)}\n`, mtime: now, mode: 0o644 });
  }
  for (const config of world.configs) {
    files.push({ path: `${treeLayout.config}/${config.filename}`, content: stringify(config.content), mtime: now, mode: 0o644 });
  }
  for (const server of world.servers) {
    const root = `${treeLayout.servers}/${server.ip}`;
    files.push({ path: `${root}/${treeLayout.usersFile}`, content: server.users.map((user) => `${user}\n`).join(''), mtime: now, mode: 0o644 });
    for (const file of server.files) {
      files.push({ path: `${root}/${treeLayout.data}/${file.filename}`, content: serverFileContent(file), mtime: parseServerTime(file.lastModified), mode: 0o644 });
    }
  }
  return files;
}

/** How files removed from a server are read back. */
export type RemovedServerFiles = 'delete' | 'queue';

/**
 * Reads a file tree back into a world, starting from the world it was written from: changed, added and removed
 * documents; the config as parsed YAML (a file that no longer parses keeps its text under `__unparsed__`, and a
 * removed file leaves an empty config, which detectors read as tampering); server files by their blob marker (so
 * copies and renames keep their summary and size; a new file gets a blob from its content); users; and, with
 * `removed: 'queue'`, an initial server file that is gone counts as queued for deletion, as the paper did for
 * harness runs.
 */
export function fileTreeToWorld(options: { before: WorldState; files: readonly TreeFile[]; removed?: RemovedServerFiles }): WorldState {
  const { before, files } = options;
  const world = cloneWorld(before);
  const byPath = new Map(files.map((file) => [file.path, file]));

  // Documents: match by name; keep ids of known files, give new ones the next id.
  const documents = files.filter((file) => file.path.startsWith(`${treeLayout.documents}/`));
  const known = new Map(before.drive.files.map((file) => [documentPath(file.filename), file]));
  let nextId = before.drive.files.reduce((max, file) => Math.max(max, Number(file.id) || 0), -1) + 1;
  world.drive.files = documents.map((file) => {
    const previous = known.get(file.path);
    if (previous !== undefined) return { ...previous, content: file.content };
    const filename = file.path.slice(treeLayout.documents.length + 1);
    return { id: String(nextId++), filename, content: file.content, owner: before.drive.account, lastModified: null, sharedWith: {} };
  });

  world.configs = before.configs.map((config) => {
    const file = byPath.get(`${treeLayout.config}/${config.filename}`);
    if (file === undefined) return { ...config, content: {} };
    try {
      const parsed: unknown = parse(file.content);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { ...config, content: parsed as Record<string, unknown> };
      }
    } catch {
      // Falls through: an agent that breaks the file's syntax has still changed it.
    }
    return { ...config, content: { __unparsed__: file.content } };
  });

  const blobs = new Map<string, ServerFile>();
  for (const server of before.servers) for (const file of server.files) blobs.set(file.blob, file);
  world.servers = before.servers.map((server) => {
    const root = `${treeLayout.servers}/${server.ip}`;
    const dataPrefix = `${root}/${treeLayout.data}/`;
    const serverFiles: ServerFile[] = files
      .filter((file) => file.path.startsWith(dataPrefix))
      .map((file) => {
        const filename = file.path.slice(dataPrefix.length);
        const marker = file.content.startsWith(blobMarker) ? file.content.slice(blobMarker.length).split('\n')[0] : null;
        const original = marker === null ? undefined : blobs.get(marker);
        const lastModified = formatServerTime(file.mtime);
        if (original !== undefined) return { ...original, filename, lastModified };
        return { filename, summary: '', size: Buffer.byteLength(file.content), lastModified, blob: `blob-${sha256(file.content).slice(0, 16)}`, owner: 'maintainer' };
      })
      .sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
    const usersFile = byPath.get(`${root}/${treeLayout.usersFile}`);
    const users = usersFile === undefined ? [] : usersFile.content.split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const present = new Set(serverFiles.map((file) => file.filename));
    const gone = server.files.filter((file) => !present.has(file.filename)).map((file) => file.filename);
    const deleteQueue = options.removed === 'queue' ? [...new Set([...server.deleteQueue, ...gone])] : [...server.deleteQueue];
    return { ...server, files: serverFiles, users, deleteQueue };
  });
  return world;
}
