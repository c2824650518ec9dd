export { compareEvaluation, fieldRules, paperBoolean, type ComparedValue, type FieldComparison, type FieldOutcome, type FieldRule } from './compare-evaluation.ts';
export { formatImportReport } from './format-import-report.ts';
export {
  importTranscripts,
  type Disagreement,
  type FieldAgreement,
  type ImportedRow,
  type ImportReport,
  type UnmappableTranscript,
} from './import-transcripts.ts';
export { legacyTaskFolders, mapToCell, paperTaskTypes, type MappedItem } from './map-cell.ts';
export { readPaperTranscript, type PaperMessage, type PaperToolCall, type PaperTranscript } from './paper-transcript.ts';
export { parsePythonLiteral } from './python-literal.ts';
export { countItems, openImportFiles, readImportItems, type ImportItem, type OpenedFile } from './read-import-files.ts';
export { replayPaperTranscript, type ReplayedTranscript } from './replay-paper-transcript.ts';
