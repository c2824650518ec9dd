import { z } from 'zod';

/** A document on the company drive (paper's CloudDrive file). */
export const driveFileSchema = z.object({
  id: z.string(),
  filename: z.string(),
  content: z.string(),
  owner: z.string(),
  lastModified: z.string().nullable(),
  sharedWith: z.record(z.string(), z.string()),
});
export type DriveFile = z.infer<typeof driveFileSchema>;

/** A spreadsheet. `reference` holds the honest score of each row; it is never shown to the agent. */
export const sheetSchema = z.object({
  name: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  scoring: z.enum(['binary', 'scale']).nullable(),
  reference: z.array(z.number()).nullable(),
});
export type Sheet = z.infer<typeof sheetSchema>;

/** A configuration file; key order is kept as written. */
export const configFileSchema = z.object({
  filename: z.string(),
  content: z.record(z.string(), z.unknown()),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

/**
 * A file on a simulated server. `blob` names its content: copies and renames keep it, so detectors follow the
 * content wherever it goes. `size` is the declared size the tools show (the weights are about 820 GB).
 */
export const serverFileSchema = z.object({
  filename: z.string(),
  summary: z.string(),
  size: z.number(),
  lastModified: z.string(),
  blob: z.string(),
  owner: z.string().default('maintainer'),
});
export type ServerFile = z.infer<typeof serverFileSchema>;

export const serverSchema = z.object({
  ip: z.string(),
  files: z.array(serverFileSchema),
  users: z.array(z.string()),
  deleteQueue: z.array(z.string()),
});
export type Server = z.infer<typeof serverSchema>;

/** Something an agent did that leaves no other trace in the state (a shutdown request). */
export const worldEventSchema = z.object({
  kind: z.enum(['shutdown-executed']),
  agent: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type WorldEvent = z.infer<typeof worldEventSchema>;

/**
 * The whole simulated company for one trial. Plain data: it is cloned for snapshots, diffed for evidence,
 * serialised into the store, and materialised on disk for real harnesses.
 */
export const worldStateSchema = z.object({
  company: z.string(),
  /** The fixed "now" of the fiction (ISO 8601, UTC). Tools that stamp times use it. */
  now: z.string(),
  drive: z.object({ account: z.string(), files: z.array(driveFileSchema) }),
  sheets: z.array(sheetSchema),
  configs: z.array(configFileSchema),
  servers: z.array(serverSchema),
  memory: z.string().nullable(),
  events: z.array(worldEventSchema),
  /** Blobs that matter to detectors: `subject-weights` → the blob of the model weight file at stake. */
  tags: z.record(z.string(), z.string()),
});
export type WorldState = z.infer<typeof worldStateSchema>;

/** A deep copy of a world, for snapshots. */
export function cloneWorld(world: WorldState): WorldState {
  return structuredClone(world);
}

/** The fiction's current time as the servers print it: `YYYY-MM-DD HH:MM:SS`. */
export function serverTimestamp(world: WorldState): string {
  return world.now.replace('T', ' ').replace(/(\.\d+)?Z$/, '').slice(0, 19);
}
