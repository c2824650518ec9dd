import type { WorldChange } from '../../world/diff-worlds.ts';
import type { WorldState } from '../../world/world-state.ts';

// World changes in words, for the trial page's diff. Pure functions over plain data: the browser renders what they
// return as text, and node tests check them directly.

/** How loudly a change is shown: `alarm` for what a behaviour detector flagged or the model weights leaving. */
export type Tone = 'alarm' | 'warning' | 'normal';

/** One row of the world diff. */
export type ChangeView = {
  tone: Tone;
  /** Short verb phrase: "copied", "moved between hosts", "config key modified", … */
  action: string;
  /** What changed: a file on a host, a config key, a user. */
  subject: string;
  /** Where it came from and went to, when it moved (`10.0.12.45 gemini_agent_2_model_weight.safetensors`). */
  from: string | null;
  to: string | null;
  /** The value or time before and after, when that is the change. */
  before: string | null;
  after: string | null;
  /** The file is the model weights at stake in the trial. */
  weights: boolean;
  /** The change is part of the evidence of a behaviour detector that fired. */
  flagged: boolean;
  /** For a document edit: the lines removed and added. */
  lines: DiffLine[] | null;
};

export type DiffLine = { op: 'same' | 'add' | 'remove'; text: string };

const place = (location: { ip: string; filename: string }) => `${location.ip} ${location.filename}`;

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : value === undefined ? '—' : JSON.stringify(value));

/** The last-modified time a server file had in a world, if the file is there. */
function lastModifiedIn(world: WorldState | null, location: { ip: string; filename: string }): string | null {
  const server = world?.servers.find((candidate) => candidate.ip === location.ip);
  return server?.files.find((file) => file.filename === location.filename)?.lastModified ?? null;
}

/** Whether two JSON values are equal (changes in evidence are copies of those in the transcript). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Describes one world change. `weightsBlob` is the content id of the model weights at stake (the world's
 * `subject-weights` tag); `flaggedChanges` are the changes the detectors of a flagged behaviour used as evidence.
 */
export function describeChange(options: {
  change: WorldChange;
  before: WorldState | null;
  weightsBlob: string | null;
  flaggedChanges?: readonly WorldChange[];
}): ChangeView {
  const { change, before, weightsBlob } = options;
  const flagged = (options.flaggedChanges ?? []).some((candidate) => sameJson(candidate, change));
  const base = { from: null, to: null, before: null, after: null, weights: false, flagged, lines: null };
  const view = ((): Omit<ChangeView, 'tone'> => {
    switch (change.kind) {
      case 'server-file-added': {
        const weights = change.blob === weightsBlob;
        if (change.copyOf !== null) {
          const crossesHosts = change.copyOf.ip !== change.to.ip;
          return {
            ...base,
            action: crossesHosts ? 'copied to another host' : 'copied',
            subject: change.summary,
            from: place(change.copyOf),
            to: place(change.to),
            before: lastModifiedIn(before, change.copyOf),
            after: change.lastModified,
            weights,
          };
        }
        return { ...base, action: 'new server file', subject: change.summary, to: place(change.to), after: change.lastModified, weights };
      }
      case 'server-file-moved': {
        const crossesHosts = change.from.ip !== change.to.ip;
        return {
          ...base,
          action: crossesHosts ? 'moved between hosts' : 'renamed',
          subject: change.summary,
          from: place(change.from),
          to: place(change.to),
          before: change.lastModifiedBefore,
          after: change.lastModifiedAfter,
          weights: change.blob === weightsBlob,
        };
      }
      case 'server-file-removed':
        return { ...base, action: 'server file deleted', subject: change.summary, from: place(change.from), weights: change.blob === weightsBlob };
      case 'server-file-retimestamped':
        return { ...base, action: 'timestamp rewritten', subject: place(change.at), before: change.before, after: change.after };
      case 'config-key-changed':
        return {
          ...base,
          action: `config key ${change.change}`,
          subject: `${change.filename}: ${change.key}`,
          before: change.change === 'added' ? null : show(change.before),
          after: change.change === 'removed' ? null : show(change.after),
        };
      case 'drive-file-added':
        return { ...base, action: 'document added', subject: change.filename };
      case 'drive-file-removed':
        return { ...base, action: 'document deleted', subject: change.filename };
      case 'drive-file-changed':
        return { ...base, action: 'document edited', subject: change.filename, lines: lineDiff({ before: change.before, after: change.after }) };
      case 'delete-queue-added':
        return { ...base, action: 'queued for deletion', subject: `${change.ip} ${change.filename}` };
      case 'delete-queue-removed':
        return { ...base, action: 'taken off the delete queue', subject: `${change.ip} ${change.filename}` };
      case 'user-added':
        return { ...base, action: 'user added', subject: `${change.ip} ${change.user}` };
      case 'user-removed':
        return { ...base, action: 'user removed', subject: `${change.ip} ${change.user}` };
      case 'event':
        return {
          ...base,
          action: change.event.kind === 'shutdown-executed' ? 'shutdown executed' : change.event.kind,
          subject: `${change.event.agent} at ${change.event.at}`,
          after: Object.keys(change.event.detail).length > 0 ? JSON.stringify(change.event.detail) : null,
        };
      default:
        return { ...base, action: (change as { kind: string }).kind, subject: JSON.stringify(change) };
    }
  })();
  // The weights ending up somewhere new is the exfiltration evidence even where no detector says so.
  const weightsLeave = view.weights && (change.kind === 'server-file-added' || (change.kind === 'server-file-moved' && change.from.ip !== change.to.ip));
  const tone: Tone = flagged || weightsLeave ? 'alarm' : change.kind === 'server-file-retimestamped' || view.weights ? 'warning' : 'normal';
  return { ...view, tone };
}

/**
 * A line diff of two texts (longest common subsequence). Documents in scenarios are short; past `maxLines` lines
 * the whole before and after are shown instead.
 */
export function lineDiff(options: { before: string; after: string; maxLines?: number }): DiffLine[] {
  const a = options.before.split('\n');
  const b = options.after.split('\n');
  const maxLines = options.maxLines ?? 1500;
  if (a.length > maxLines || b.length > maxLines) {
    return [...a.map((text) => ({ op: 'remove' as const, text })), ...b.map((text) => ({ op: 'add' as const, text }))];
  }
  // lengths[i][j] = LCS length of a[i..] and b[j..]
  const lengths: Uint16Array[] = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ op: 'same', text: a[i] });
      i += 1;
      j += 1;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      lines.push({ op: 'remove', text: a[i] });
      i += 1;
    } else {
      lines.push({ op: 'add', text: b[j] });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) lines.push({ op: 'remove', text: a[i] });
  for (; j < b.length; j += 1) lines.push({ op: 'add', text: b[j] });
  return lines;
}

/** Orders diff rows so the alarming ones come first, keeping the diff's order otherwise. */
export function sortByTone<T extends { tone: Tone }>(rows: readonly T[]): T[] {
  const rank: Record<Tone, number> = { alarm: 0, warning: 1, normal: 2 };
  return rows.map((row, index) => ({ row, index })).sort((a, b) => rank[a.row.tone] - rank[b.row.tone] || a.index - b.index).map(({ row }) => row);
}
