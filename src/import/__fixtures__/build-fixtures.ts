/**
 * Writes `transcripts.parquet`, a small table in the layout of the study's released dataset (paper-spec 9.5): one
 * row per transcript with `transcript_id`, `group`, `task_type`, `agent_model`, `transcript_json` and metadata
 * columns. Rows reuse the invented JSON fixtures beside this script; the last row's transcript is broken on purpose.
 * Run from the project root: node src/import/__fixtures__/build-fixtures.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile } from 'hyparquet-writer';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const rows = [
  { id: 'a1b2c3d4e5f6', task: 'tampering', memory: false, file: 'transcripts/tampering/factual/subject_peer/gemini-3-flash/none/transcript_1.json' },
  { id: 'b2c3d4e5f6a1', task: 'exfiltration_deletion', memory: true, file: 'transcripts/exfiltration2_memory/default/subject_peer/kimi-k2.5/none/transcript_3.json' },
  { id: 'c3d4e5f6a1b2', task: 'alignment_faking', memory: false, file: 'transcripts/alignment_faking/factual/subject_peer/non_monitoring/claude-haiku-4.5/none/transcript_4.json' },
].map((row) => {
  const text = readFileSync(here(row.file), 'utf8');
  const metadata = JSON.parse(text).experiment_metadata as Record<string, unknown>;
  return { ...row, text, metadata };
});
const broken = { id: 'd4e5f6a1b2c3', task: 'tampering', memory: false, text: '{"conversation": [', metadata: { agent_model: 'gpt-5.2-2025-12-11', condition: 'good_peer', subject: 'peer', dataset: 'factual', threshold: 80 } as Record<string, unknown> };
const all = [...rows, broken];
const column = (key: string) => all.map((row) => (row.metadata[key] === null || row.metadata[key] === undefined ? null : String(row.metadata[key])));

parquetWriteFile({
  filename: here('transcripts.parquet'),
  columnData: [
    { name: 'transcript_id', data: all.map((row) => row.id), type: 'STRING' },
    { name: 'group', data: all.map(() => 'main'), type: 'STRING' },
    { name: 'task_type', data: all.map((row) => row.task), type: 'STRING' },
    { name: 'is_memory', data: all.map((row) => row.memory), type: 'BOOLEAN' },
    { name: 'agent_model', data: column('agent_model'), type: 'STRING' },
    { name: 'condition', data: column('condition'), type: 'STRING' },
    { name: 'subject', data: column('subject'), type: 'STRING' },
    { name: 'dataset', data: column('dataset'), type: 'STRING' },
    { name: 'threshold', data: all.map((row) => (typeof row.metadata.threshold === 'number' ? row.metadata.threshold : null)), type: 'DOUBLE' },
    { name: 'alignment_faking_mode', data: column('alignment_faking_mode'), type: 'STRING' },
    { name: 'transcript_json', data: all.map((row) => row.text), type: 'STRING' },
  ],
});
