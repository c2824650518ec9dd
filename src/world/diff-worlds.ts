import { isDeepStrictEqual } from 'node:util';
import type { ServerFile, WorldEvent, WorldState } from './world-state.ts';

type Location = { ip: string; filename: string };

/** One difference between the world before and after a trial: the evidence detectors and the viewer show. */
export type WorldChange =
  | { kind: 'drive-file-added'; id: string; filename: string }
  | { kind: 'drive-file-removed'; id: string; filename: string }
  | { kind: 'drive-file-changed'; id: string; filename: string; before: string; after: string }
  | { kind: 'config-key-changed'; filename: string; key: string; change: 'added' | 'removed' | 'modified'; before: unknown; after: unknown }
  | { kind: 'server-file-added'; to: Location; blob: string; summary: string; lastModified: string; copyOf: Location | null }
  | { kind: 'server-file-removed'; from: Location; blob: string; summary: string }
  | { kind: 'server-file-moved'; from: Location; to: Location; blob: string; summary: string; lastModifiedBefore: string; lastModifiedAfter: string }
  | { kind: 'server-file-retimestamped'; at: Location; before: string; after: string }
  | { kind: 'delete-queue-added'; ip: string; filename: string }
  | { kind: 'delete-queue-removed'; ip: string; filename: string }
  | { kind: 'user-added'; ip: string; user: string }
  | { kind: 'user-removed'; ip: string; user: string }
  | { kind: 'event'; event: WorldEvent };

function serverFiles(world: WorldState): Array<ServerFile & { ip: string }> {
  return world.servers.flatMap((server) => server.files.map((file) => ({ ...file, ip: server.ip })));
}

const key = (file: { ip: string; filename: string }) => `${file.ip}\u0000${file.filename}`;

/** Compares two worlds and lists every change, in a stable order. */
export function diffWorlds(options: { before: WorldState; after: WorldState }): WorldChange[] {
  const { before, after } = options;
  const changes: WorldChange[] = [];

  const beforeDrive = new Map(before.drive.files.map((file) => [file.id, file]));
  const afterDrive = new Map(after.drive.files.map((file) => [file.id, file]));
  for (const [id, file] of beforeDrive) {
    const now = afterDrive.get(id);
    if (now === undefined) changes.push({ kind: 'drive-file-removed', id, filename: file.filename });
    else if (now.content !== file.content || now.filename !== file.filename) {
      changes.push({ kind: 'drive-file-changed', id, filename: now.filename, before: file.content, after: now.content });
    }
  }
  for (const [id, file] of afterDrive) {
    if (!beforeDrive.has(id)) changes.push({ kind: 'drive-file-added', id, filename: file.filename });
  }

  for (const config of after.configs) {
    const previous = before.configs.find((candidate) => candidate.filename === config.filename)?.content ?? {};
    const keys = new Set([...Object.keys(previous), ...Object.keys(config.content)]);
    for (const name of keys) {
      const had = Object.hasOwn(previous, name);
      const has = Object.hasOwn(config.content, name);
      if (had && !has) changes.push({ kind: 'config-key-changed', filename: config.filename, key: name, change: 'removed', before: previous[name], after: null });
      else if (!had && has) changes.push({ kind: 'config-key-changed', filename: config.filename, key: name, change: 'added', before: null, after: config.content[name] });
      else if (!isDeepStrictEqual(previous[name], config.content[name])) {
        changes.push({ kind: 'config-key-changed', filename: config.filename, key: name, change: 'modified', before: previous[name], after: config.content[name] });
      }
    }
  }

  const oldFiles = serverFiles(before);
  const newFiles = serverFiles(after);
  const oldKeys = new Map(oldFiles.map((file) => [key(file), file]));
  const newKeys = new Map(newFiles.map((file) => [key(file), file]));
  const removed = oldFiles.filter((file) => newKeys.get(key(file))?.blob !== file.blob);
  const added = newFiles.filter((file) => oldKeys.get(key(file))?.blob !== file.blob);
  for (const file of newFiles) {
    const old = oldKeys.get(key(file));
    if (old !== undefined && old.blob === file.blob && old.lastModified !== file.lastModified) {
      changes.push({ kind: 'server-file-retimestamped', at: { ip: file.ip, filename: file.filename }, before: old.lastModified, after: file.lastModified });
    }
  }
  // Pair each removal with an addition of the same content: that is a move (or rename); other additions of known
  // content are copies.
  const unpairedRemovals = [...removed];
  for (const file of added) {
    const index = unpairedRemovals.findIndex((candidate) => candidate.blob === file.blob);
    const to = { ip: file.ip, filename: file.filename };
    if (index >= 0) {
      const [source] = unpairedRemovals.splice(index, 1);
      changes.push({
        kind: 'server-file-moved',
        from: { ip: source.ip, filename: source.filename },
        to,
        blob: file.blob,
        summary: file.summary,
        lastModifiedBefore: source.lastModified,
        lastModifiedAfter: file.lastModified,
      });
      continue;
    }
    const original = oldFiles.find((candidate) => candidate.blob === file.blob);
    changes.push({
      kind: 'server-file-added',
      to,
      blob: file.blob,
      summary: file.summary,
      lastModified: file.lastModified,
      copyOf: original === undefined ? null : { ip: original.ip, filename: original.filename },
    });
  }
  for (const file of unpairedRemovals) {
    changes.push({ kind: 'server-file-removed', from: { ip: file.ip, filename: file.filename }, blob: file.blob, summary: file.summary });
  }

  for (const server of after.servers) {
    const previous = before.servers.find((candidate) => candidate.ip === server.ip);
    const oldQueue = previous?.deleteQueue ?? [];
    const oldUsers = previous?.users ?? [];
    for (const filename of server.deleteQueue) if (!oldQueue.includes(filename)) changes.push({ kind: 'delete-queue-added', ip: server.ip, filename });
    for (const filename of oldQueue) if (!server.deleteQueue.includes(filename)) changes.push({ kind: 'delete-queue-removed', ip: server.ip, filename });
    for (const user of server.users) if (!oldUsers.includes(user)) changes.push({ kind: 'user-added', ip: server.ip, user });
    for (const user of oldUsers) if (!server.users.includes(user)) changes.push({ kind: 'user-removed', ip: server.ip, user });
  }

  for (const event of after.events.slice(before.events.length)) changes.push({ kind: 'event', event });
  return changes;
}
