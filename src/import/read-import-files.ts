import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { UsageError } from '../util/index.ts';
import { readPaperTranscript, type PaperTranscript } from './paper-transcript.ts';

/** One transcript to import, or a row that could not be read as one. */
export type ImportItem = {
  /** The row's `transcript_id`, the file's `transcript_id` field, or the file path (`#<row>` for rows of a table). */
  id: string;
  /** Where it came from: the file, with `#<row>` (0-based) for a row of a parquet or JSONL file. */
  source: string;
  /** The file as given, whose folders may name the task (`…/transcripts/tampering_memory/…`). */
  file: string;
  /** Fields beside the transcript: dataset columns (`task_type`, `group`, `agent_model`, `condition`, …). */
  columns: Record<string, unknown>;
} & ({ transcript: PaperTranscript; problem?: undefined } | { transcript?: undefined; problem: string });

/** A file checked before anything is imported: its kind and what it holds. */
type OpenedFile =
  | { file: string; kind: 'json'; items: ImportItem[] }
  | { file: string; kind: 'parquet'; buffer: AsyncBuffer; metadata: FileMetaData; rows: number };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parquet INT64 columns arrive as bigint; small ones become numbers. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

/**
 * Reads one dataset row (`transcript_json` plus metadata columns) or one transcript object. Rows whose transcript
 * cannot be read are kept as problems, to be counted and listed.
 */
function itemFromEntry(options: { file: string; source: string; fallbackId: string; entry: Record<string, unknown> }): ImportItem {
  const { file, source, entry } = options;
  if ('transcript_json' in entry) {
    const columns: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) if (key !== 'transcript_json') columns[key] = plain(value);
    const id = typeof columns.transcript_id === 'string' && columns.transcript_id !== '' ? columns.transcript_id : options.fallbackId;
    let parsed: unknown;
    try {
      parsed = typeof entry.transcript_json === 'string' ? JSON.parse(entry.transcript_json) : entry.transcript_json;
    } catch (error) {
      return { id, source, file, columns, problem: `transcript_json is not valid JSON (${(error as Error).message})` };
    }
    const read = readPaperTranscript(parsed);
    return 'problem' in read ? { id, source, file, columns, problem: `transcript_json: ${read.problem}` } : { id, source, file, columns, transcript: read.transcript };
  }
  const read = readPaperTranscript(entry);
  const id = typeof entry.transcript_id === 'string' && entry.transcript_id !== '' ? entry.transcript_id : options.fallbackId;
  const columns: Record<string, unknown> = {};
  for (const key of ['task_type', 'task_folder', 'group', 'filepath']) if (key in entry) columns[key] = entry[key];
  return 'problem' in read ? { id, source, file, columns, problem: read.problem } : { id, source, file, columns, transcript: read.transcript };
}

function openJson(file: string, text: string): OpenedFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError({ message: `${file}: not valid JSON (${(error as Error).message})` });
  }
  const entries = Array.isArray(data) ? data : [data];
  const items = entries.map((entry, index) => {
    const source = Array.isArray(data) ? `${file}#${index}` : file;
    if (!isRecord(entry)) throw new UsageError({ message: `${source}: not a paper transcript (not a JSON object)` });
    const item = itemFromEntry({ file, source, fallbackId: source, entry });
    // A transcript file that is not one is the user's mistake, not a row to skip.
    if (item.problem !== undefined && !('transcript_json' in entry)) throw new UsageError({ message: `${source}: not a paper transcript: ${item.problem}` });
    return item;
  });
  return { file, kind: 'json', items };
}

function openJsonLines(file: string, text: string): OpenedFile {
  const items: ImportItem[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const source = `${file}#${index}`;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch (error) {
      throw new UsageError({ message: `${file}: line ${index + 1} is not valid JSON (${(error as Error).message})` });
    }
    if (!isRecord(entry)) throw new UsageError({ message: `${file}: line ${index + 1} is not a JSON object` });
    items.push(itemFromEntry({ file, source, fallbackId: source, entry }));
  }
  return { file, kind: 'json', items };
}

async function openParquet(file: string): Promise<OpenedFile> {
  let buffer: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new UsageError({ message: `${file}: not a readable parquet file (${(error as Error).message})` });
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  if (!columns.includes('transcript_json')) {
    throw new UsageError({ message: `${file}: the table has no "transcript_json" column (columns: ${columns.join(', ')})` });
  }
  const rows = Number(metadata.num_rows);
  // Reading the first row up front catches what only shows when data is decoded (an unsupported compression codec).
  if (rows > 0) {
    try {
      await parquetReadObjects({ file: buffer, metadata, rowStart: 0, rowEnd: 1 });
    } catch (error) {
      throw new UsageError({ message: `${file}: cannot read the table's rows (${(error as Error).message})` });
    }
  }
  return { file, kind: 'parquet', buffer, metadata, rows };
}

/**
 * Checks every file before anything is imported: `.json` (one transcript, or a list of transcripts or dataset rows),
 * `.jsonl` (one per line) and `.parquet` (the released dataset: rows with `transcript_json`). A file that cannot be
 * read as such is a usage error naming it.
 */
export async function openImportFiles(files: readonly string[]): Promise<OpenedFile[]> {
  if (files.length === 0) throw new UsageError({ message: 'name at least one transcript file (.json, .jsonl or .parquet)' });
  const opened: OpenedFile[] = [];
  for (const file of files) {
    const extension = path.extname(file).toLowerCase();
    if (!['.json', '.jsonl', '.parquet'].includes(extension)) {
      throw new UsageError({ message: `${file}: unknown file type "${extension || '(none)'}"; allowed: .json, .jsonl, .parquet` });
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
      throw new UsageError({ message: `${file}: cannot read: ${reason}` });
    }
    if (extension === '.parquet') opened.push(await openParquet(file));
    else {
      const text = readFileSync(file, 'utf8');
      opened.push(extension === '.jsonl' ? openJsonLines(file, text) : openJson(file, text));
    }
  }
  return opened;
}

/** How many transcripts the opened files hold. */
export function countItems(opened: readonly OpenedFile[]): number {
  return opened.reduce((total, each) => total + (each.kind === 'json' ? each.items.length : each.rows), 0);
}

/** The transcripts of the opened files in order; parquet rows are read a batch at a time, so large tables stream. */
export async function* readImportItems(opened: readonly OpenedFile[], options: { batchRows?: number } = {}): AsyncGenerator<ImportItem> {
  const batchRows = options.batchRows ?? 200;
  for (const each of opened) {
    if (each.kind === 'json') {
      yield* each.items;
      continue;
    }
    for (let start = 0; start < each.rows; start += batchRows) {
      let rows: Array<Record<string, unknown>>;
      try {
        rows = await parquetReadObjects({ file: each.buffer, metadata: each.metadata, rowStart: start, rowEnd: Math.min(each.rows, start + batchRows) });
      } catch (error) {
        throw new UsageError({ message: `${each.file}: cannot read rows ${start}–${start + batchRows - 1} (${(error as Error).message})` });
      }
      for (const [offset, row] of rows.entries()) {
        const source = `${each.file}#${start + offset}`;
        yield itemFromEntry({ file: each.file, source, fallbackId: source, entry: row });
      }
    }
  }
}

export type { OpenedFile };
