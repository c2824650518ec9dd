import { formatTextTable } from '../util/index.ts';
import type { ImportReport } from './import-transcripts.ts';

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  return formatTextTable({ header, rows, rightAligned }).join('\n');
}

const show = (value: unknown): string => (value === undefined ? '(absent)' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The import report as text: counts, the per-field agreement table, then every disagreement, unmappable transcript
 * and replay error, one per line. Values from the files are shown as data (JSON), never interpreted.
 */
export function formatImportReport(report: ImportReport): string {
  const parts: string[] = [];
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  parts.push(`Imported ${report.transcripts} transcript${report.transcripts === 1 ? '' : 's'} from ${files}: ${report.replayed} replayed, ${report.unmappable.length} unmappable.`);
  const withoutEvaluation = report.rows.filter((row) => !row.hasEvaluation).length;
  if (withoutEvaluation > 0) parts.push(`${withoutEvaluation} replayed transcript(s) have no evaluation record to compare with.`);
  if (report.fields.length > 0) {
    const rows = report.fields.map((field) => [
      field.paperField,
      field.peerwatchField,
      String(field.compared),
      String(field.agree),
      String(field.disagree),
      field.agreement === null ? '–' : `${(100 * field.agreement).toFixed(1)}%`,
      String(field.paperOnly),
      String(field.peerwatchOnly),
      String(field.neither),
    ]);
    parts.push(
      `Agreement with the paper's evaluation (paper only / peerwatch only: the other side left the field undecided)\n${table(
        ['paper field', 'peerwatch', 'compared', 'agree', 'disagree', 'agreement', 'paper only', 'peerwatch only', 'neither'],
        rows,
        new Set([2, 3, 4, 5, 6, 7, 8]),
      )}`,
    );
  }
  if (report.disagreements.length > 0) {
    const rows = report.disagreements.map((entry) => [entry.transcriptId, entry.paperField, show(entry.paper), `${entry.peerwatchField} = ${show(entry.peerwatch)}`, entry.evidence ?? '']);
    parts.push(`Disagreements (${report.disagreements.length})\n${table(['transcript', 'paper field', 'paper', 'peerwatch', 'peerwatch evidence'], rows, new Set())}`);
  }
  if (report.unmappable.length > 0) {
    parts.push(`Unmappable (${report.unmappable.length})\n${report.unmappable.map((entry) => `  ${entry.source}${entry.transcriptId === entry.source ? '' : ` (${entry.transcriptId})`}: ${entry.reason}`).join('\n')}`);
  }
  const troubled = report.rows.filter((row) => row.replayErrors.length > 0 || row.notes.length > 0);
  if (troubled.length > 0) {
    const lines = troubled.flatMap((row) => [...row.notes.map((note) => `  ${row.transcriptId}: note: ${note}`), ...row.replayErrors.map((error) => `  ${row.transcriptId}: ${error}`)]);
    parts.push(`Replay notes and failed calls (${troubled.length} transcript${troubled.length === 1 ? '' : 's'})\n${lines.join('\n')}`);
  }
  return parts.join('\n\n');
}
