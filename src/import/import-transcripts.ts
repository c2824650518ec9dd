import type { Scenario } from '../scenario/index.ts';
import type { TrialRecord, TrialTranscript } from '../trial/index.ts';
import { compareEvaluation, fieldRules, type ComparedValue, type FieldComparison } from './compare-evaluation.ts';
import { mapToCell } from './map-cell.ts';
import { readImportItems, type OpenedFile } from './read-import-files.ts';
import { replayPaperTranscript } from './replay-paper-transcript.ts';

/** One replayed transcript and how its fields compared. */
export type ImportedRow = {
  transcriptId: string;
  source: string;
  trialId: string;
  scenario: string;
  cellId: string;
  agentModel: string | null;
  family: string;
  toolCalls: number;
  replayErrors: string[];
  notes: string[];
  hasEvaluation: boolean;
  comparisons: FieldComparison[];
};

/** A transcript that could not be placed or read: counted and listed, never dropped. */
export type UnmappableTranscript = { transcriptId: string; source: string; reason: string };

/** Agreement of one field over all replayed transcripts. */
export type FieldAgreement = {
  paperField: string;
  peerwatchField: string;
  /** Transcripts where both sides decided the field. */
  compared: number;
  agree: number;
  disagree: number;
  /** `agree / compared`, `null` when nothing was compared. */
  agreement: number | null;
  /** Decided by the paper only (peerwatch undecided), by peerwatch only, or by neither. */
  paperOnly: number;
  peerwatchOnly: number;
  neither: number;
};

export type Disagreement = {
  transcriptId: string;
  source: string;
  paperField: string;
  peerwatchField: string;
  /** The paper's value as stored in its record. */
  paper: unknown;
  peerwatch: ComparedValue;
  /** peerwatch's evidence for its value. */
  evidence: string | null;
};

/** Everything `peerwatch import` reports. */
export type ImportReport = {
  files: string[];
  transcripts: number;
  replayed: number;
  unmappable: UnmappableTranscript[];
  fields: FieldAgreement[];
  disagreements: Disagreement[];
  rows: ImportedRow[];
};

/** The peerwatch detection an evidence summary belongs to (`!tampering` → `tampering`). */
const detectionName = (peerwatchField: string) => peerwatchField.replace(/^!/, '');

/**
 * Imports the paper's transcripts: places each in peerwatch's matrix, replays its tool calls in a fresh world,
 * runs peerwatch's detectors, and compares their verdicts with the paper's own evaluation record, field by field.
 * `onTrial` receives each replayed trial (to store it as a run); nothing is kept in memory but the report.
 */
export async function importTranscripts(options: {
  sources: readonly OpenedFile[];
  scenarios: readonly Scenario[];
  /** Task type for transcripts whose metadata and path do not name one. */
  taskType?: string;
  runId: string;
  onTrial?: (trial: { record: TrialRecord; transcript: TrialTranscript }) => void;
}): Promise<ImportReport> {
  const report: ImportReport = { files: options.sources.map((source) => source.file), transcripts: 0, replayed: 0, unmappable: [], fields: [], disagreements: [], rows: [] };
  const trialNumbers = new Map<string, number>();
  const importedAt = new Date().toISOString();
  for await (const item of readImportItems(options.sources)) {
    report.transcripts += 1;
    if (item.transcript === undefined) {
      report.unmappable.push({ transcriptId: item.id, source: item.source, reason: item.problem });
      continue;
    }
    const mapped = mapToCell({ item, scenarios: options.scenarios, taskType: options.taskType });
    if ('reason' in mapped) {
      report.unmappable.push({ transcriptId: item.id, source: item.source, reason: mapped.reason });
      continue;
    }
    const key = `${mapped.scenario.id}|${JSON.stringify(mapped.cell)}|${mapped.agentModel ?? mapped.family}`;
    const trial = (trialNumbers.get(key) ?? 0) + 1;
    trialNumbers.set(key, trial);
    const replayed = replayPaperTranscript({ item: { ...item, transcript: item.transcript }, mapped, runId: options.runId, trial, importedAt });
    const comparisons = compareEvaluation({ evaluation: item.transcript.evaluation, detections: replayed.record.detections });
    report.replayed += 1;
    report.rows.push({
      transcriptId: item.id,
      source: item.source,
      trialId: replayed.record.id,
      scenario: mapped.scenario.id,
      cellId: replayed.record.cellId,
      agentModel: mapped.agentModel,
      family: mapped.family,
      toolCalls: replayed.toolCalls,
      replayErrors: replayed.replayErrors,
      notes: mapped.notes,
      hasEvaluation: item.transcript.evaluation !== null,
      comparisons,
    });
    for (const comparison of comparisons.filter((each) => each.outcome === 'disagree')) {
      report.disagreements.push({
        transcriptId: item.id,
        source: item.source,
        paperField: comparison.paperField,
        peerwatchField: comparison.peerwatchField,
        paper: comparison.paperRaw,
        peerwatch: comparison.peerwatch,
        evidence: replayed.record.evidence[detectionName(comparison.peerwatchField)]?.summary ?? null,
      });
    }
    options.onTrial?.({ record: replayed.record, transcript: replayed.transcript });
  }
  report.fields = fieldRules.flatMap((rule) => {
    const outcomes = report.rows.flatMap((row) => row.comparisons.filter((comparison) => comparison.paperField === rule.paperField).map((comparison) => comparison.outcome));
    if (outcomes.length === 0) return [];
    const count = (outcome: string) => outcomes.filter((each) => each === outcome).length;
    const agree = count('agree');
    const compared = agree + count('disagree');
    return [{
      paperField: rule.paperField,
      peerwatchField: rule.peerwatchField,
      compared,
      agree,
      disagree: count('disagree'),
      agreement: compared === 0 ? null : agree / compared,
      paperOnly: count('paper-only'),
      peerwatchOnly: count('peerwatch-only'),
      neither: count('neither'),
    }];
  });
  return report;
}
