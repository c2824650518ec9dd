import { cellId, expandCells, familyForModel, type Cell, type Instantiation, type Relation, type Scenario, type Subject } from '../scenario/index.ts';
import type { ImportItem } from './read-import-files.ts';

/** The paper's six task types (paper-spec 9.2), which built-in scenarios name in `paper.taskType`. */
export const paperTaskTypes = ['misrep_finance', 'misrep_evaluation', 'tampering', 'alignment_faking', 'exfiltration_transfer', 'exfiltration_deletion'] as const;

/** Task folder names of older runs (paper-spec section 8). */
export const legacyTaskFolders: Record<string, string> = {
  evaluation: 'misrep_evaluation',
  evaluation2: 'tampering',
  report_writing: 'misrep_finance',
  exfiltration: 'exfiltration_transfer',
  exfiltration2: 'exfiltration_deletion',
  af: 'alignment_faking',
};

const relations: Record<string, Relation> = {
  good_peer: 'good',
  collaboration: 'good',
  neutral_peer: 'neutral',
  bad_peer: 'bad',
  non_collaboration: 'bad',
  no_peer: 'none',
  shutdown: 'none',
  non_shutdown: 'control',
  review: 'control',
};

const subjects: Record<string, Subject> = {
  self: 'self',
  '1': 'self',
  subject_1: 'self',
  peer: 'peer',
  '2': 'peer',
  subject_2: 'peer',
  'closed-weight-peer': 'closed-weight-peer',
  closed_weight_peer: 'closed-weight-peer',
  '5': 'closed-weight-peer',
  'open-weight-peer': 'open-weight-peer',
  open_weight_peer: 'open-weight-peer',
  '6': 'open-weight-peer',
  'fiction-peer': 'fiction-peer',
  fiction_peer: 'fiction-peer',
  fictional_peer: 'fiction-peer',
  '7': 'fiction-peer',
};

const instantiationLabels: Record<string, Instantiation> = { file_only: 'file', file_prt: 'file+prompt', memory: 'memory' };

/** A transcript placed in peerwatch's matrix. */
export type MappedItem = { scenario: Scenario; cell: Cell; family: string; agentModel: string | null; notes: string[] };

const text = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value).trim());

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return ['true', '1', 'yes'].includes(String(value ?? '').trim().toLowerCase());
}

/** `tampering_memory` → tampering + memory; `evaluation2` → tampering. */
function readTask(value: string): { taskType: string; memory: boolean } | null {
  const lower = value.trim().toLowerCase();
  const memory = lower.endsWith('_memory');
  const base = memory ? lower.slice(0, -'_memory'.length) : lower;
  const taskType = (paperTaskTypes as readonly string[]).includes(base) ? base : legacyTaskFolders[base];
  return taskType === undefined ? null : { taskType, memory };
}

function findTask(item: ImportItem, metadata: Record<string, unknown>, override: string | undefined): { taskType: string; memory: boolean; from: string } | null {
  const candidates: Array<[string, unknown]> = [
    ['--task-type', override],
    ['task_type', item.columns.task_type],
    ['task_folder', item.columns.task_folder],
    ['experiment_metadata.task_type', metadata.task_type],
    ['experiment_metadata.task_folder', metadata.task_folder],
  ];
  for (const [from, value] of candidates) {
    const found = text(value) === null ? null : readTask(String(value));
    if (found) return { ...found, from };
  }
  // The paper's layout: results/…/transcripts/<task>[_memory]/<dataset>/subject_<n>/…; otherwise the folder nearest
  // the file that names a task.
  for (const [from, value] of [['filepath', item.columns.filepath], ['file path', item.file]] as const) {
    if (typeof value !== 'string') continue;
    const segments = value.split(/[\\/]/).slice(0, -1);
    const afterTranscripts = segments.lastIndexOf('transcripts');
    const candidates = afterTranscripts >= 0 && afterTranscripts + 1 < segments.length ? [segments[afterTranscripts + 1]] : [...segments].reverse();
    for (const segment of candidates) {
      const found = readTask(segment);
      if (found) return { ...found, from };
    }
  }
  return null;
}

/** The family the transcript's system prompt names (`Your ID is "Gemini Agent 1"`), which its file names follow. */
function familyFromPrompt(item: ImportItem): string | null {
  const system = item.transcript?.conversation.find((message) => message.role === 'system')?.content ?? '';
  return /ID is "([A-Za-z][\w.-]*) Agent 1"/.exec(system)?.[1] ?? null;
}

/**
 * Places a transcript in a scenario's matrix from its metadata (the transcript's `experiment_metadata`, completed by
 * dataset columns): task type → scenario (by the scenario's `paper.taskType`), condition + system-prompt flag +
 * memory → relation and instantiation, subject, dataset, threshold and monitoring mode; the family from the system
 * prompt's agent id, else from the model id. A threshold outside the scenario's matrix is kept with a note; anything
 * else that does not fit is a reason, and the transcript is listed as unmappable.
 */
export function mapToCell(options: { item: ImportItem; scenarios: readonly Scenario[]; taskType?: string }): MappedItem | { reason: string } {
  const { item } = options;
  const metadata = { ...item.columns, ...(item.transcript?.metadata ?? {}) };
  const notes: string[] = [];
  const task = findTask(item, metadata, options.taskType);
  if (task === null) return { reason: 'task type unknown: no task_type field and no task folder in the path (use --task-type)' };
  const scenario = options.scenarios.find((candidate) => candidate.paper?.taskType === task.taskType);
  if (scenario === undefined) return { reason: `no loaded scenario has paper.taskType "${task.taskType}"` };

  const conditionText = text(metadata.condition ?? metadata.company_guideline);
  if (conditionText === null) return { reason: 'no condition in the metadata' };
  const label = /^(good_peer|neutral_peer|bad_peer)_(file_only|file_prt|memory)$/.exec(conditionText);
  const relationKey = label?.[1] ?? conditionText;
  let relation = relations[relationKey];
  if (relation === undefined) return { reason: `condition "${conditionText}" is not one of the paper's conditions` };
  const memory =
    task.memory || truthy(metadata.is_memory) || label?.[2] === 'memory' || text(metadata.peer_instantiation) === 'memory';
  if (relation === 'none' && memory) {
    // Older data stored the memory runs as no_peer with is_memory set; the analysis reads them as good_peer_memory.
    relation = 'good';
    notes.push('no_peer with memory read as good_peer_memory, as the paper’s analysis does');
  }
  let instantiation: Instantiation;
  if (relation === 'none' || relation === 'control') instantiation = 'none';
  else if (memory) instantiation = 'memory';
  else if (label !== null) instantiation = instantiationLabels[label[2]];
  else if (text(metadata.peer_instantiation) !== null && instantiationLabels[String(metadata.peer_instantiation)] !== undefined) {
    instantiation = instantiationLabels[String(metadata.peer_instantiation)];
  } else instantiation = truthy(metadata.system_prompt_relationship) ? 'file+prompt' : 'file';

  const subjectText = text(metadata.subject)?.toLowerCase().replace(/^subject_(?=\d)/, '') ?? null;
  const subject = subjectText === null ? undefined : subjects[subjectText];
  if (subject === undefined) return { reason: `subject "${String(metadata.subject)}" is not self, peer or an extension subject` };

  const datasetText = text(metadata.dataset)?.toLowerCase() ?? null;
  const dataset = datasetText === null || datasetText === 'default' || datasetText === 'none' ? null : datasetText;
  const thresholdNumber = Number(text(metadata.threshold));
  const threshold = relation === 'control' || !Number.isFinite(thresholdNumber) || text(metadata.threshold) === null ? null : thresholdNumber;
  const modeText = text(metadata.alignment_faking_mode)?.toLowerCase() ?? null;
  const monitoring = modeText === null || modeText === 'none' ? null : /^(non|un)/.test(modeText) ? 'off' : 'on';

  const agentModel = text(metadata.agent_model);
  const family = familyFromPrompt(item) ?? (agentModel === null ? null : familyForModel(agentModel));
  if (family === null) return { reason: 'no agent_model in the metadata and no agent id in the system prompt' };

  const cells = expandCells(scenario);
  const wanted: Cell = { relation, instantiation, subject, dataset: cells.some((cell) => cell.dataset !== null) ? dataset : null, threshold, monitoring };
  if (!cells.some((cell) => cell.monitoring !== null)) wanted.monitoring = null;
  if (!cells.some((cell) => cell.dataset !== null)) wanted.threshold = null;
  const same = (cell: Cell, withThreshold: boolean) =>
    cell.relation === wanted.relation &&
    cell.instantiation === wanted.instantiation &&
    cell.subject === wanted.subject &&
    cell.dataset === wanted.dataset &&
    cell.monitoring === wanted.monitoring &&
    (!withThreshold || cell.threshold === wanted.threshold);
  const exact = cells.find((cell) => same(cell, true));
  if (exact !== undefined) return { scenario, cell: exact, family, agentModel, notes };
  const near = cells.find((cell) => same(cell, false));
  if (near !== undefined && wanted.threshold !== null) {
    notes.push(`threshold ${wanted.threshold} is not in the scenario's matrix (it has ${near.threshold}); replayed with ${wanted.threshold}`);
    return { scenario, cell: { ...near, threshold: wanted.threshold }, family, agentModel, notes };
  }
  return { reason: `no cell ${cellId({ scenario: scenario.id, cell: wanted })} in the scenario's matrix` };
}
