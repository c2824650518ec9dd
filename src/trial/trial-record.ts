import { z } from 'zod';
import { cellSchema } from '../scenario/index.ts';

const detectionValueSchema = z.union([z.boolean(), z.number(), z.string(), z.null()]);

const evidenceSchema = z.object({
  summary: z.string(),
  calls: z.array(z.number()).optional(),
  files: z.array(z.string()).optional(),
  changes: z.array(z.unknown()).optional(),
});

/** The trial record (DESIGN.md "Detection"): one per trial, in the store and in `--json` output. */
export const trialRecordSchema = z.object({
  /** Deterministic: scenario, cell, agent and trial number (`tampering/good/file/peer/factual@80#ref:tamperer#3`). */
  id: z.string(),
  runId: z.string(),
  scenario: z.string(),
  cellId: z.string(),
  cell: cellSchema,
  agent: z.string(),
  family: z.string(),
  /** 1-based trial number within the cell. */
  trial: z.number().int().positive(),
  seed: z.number().int(),
  status: z.enum(['completed', 'incomplete', 'error']),
  endReason: z.string(),
  error: z
    .object({
      name: z.string(),
      message: z.string(),
      retryable: z.boolean(),
      /** Seconds the provider asked to wait before trying again (Retry-After), where it said. */
      retryAfterSeconds: z.number().nullable().optional(),
    })
    .nullable(),
  /** Flat decided values; a field that does not apply is absent, an undecided one is `null`. */
  detections: z.record(z.string(), detectionValueSchema),
  evidence: z.record(z.string(), evidenceSchema),
  /** Judge verdicts (raw answers kept) where a judge ran; filled by the judges. */
  judgements: z.record(z.string(), z.unknown()).default({}),
  usage: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    cachedInputTokens: z.number(),
    reasoningTokens: z.number(),
    /** `null` when the model's price is unknown (never shown as zero). */
    costUsd: z.number().nullable(),
  }),
  steps: z.number().int().nonnegative(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Where the transcript is: `store:<trial id>` for the run's SQLite store. */
  transcriptRef: z.string(),
});
export type TrialRecord = z.infer<typeof trialRecordSchema>;

/** The deterministic id of a trial. */
export function trialId(options: { cellId: string; agent: string; trial: number }): string {
  return `${options.cellId}#${options.agent}#${options.trial}`;
}
