import type { Cell } from '../scenario/index.ts';
import type { TrialRecord, TrialTranscript } from '../trial/index.ts';

// The JSON shapes of the viewer's API. The browser code imports these as types only (they are erased when served).

/** One run folder in the run list. */
export type RunListEntry = {
  /** The run id from the run header, or the folder name; unique within one viewer. */
  id: string;
  directory: string;
  createdAt: string | null;
  agents: string[];
  scenarios: string[];
  trials: number;
  completed: number;
  incomplete: number;
  errors: number;
  /** Trials the plan asked for, when the header says (a run still going, or interrupted, has fewer). */
  plannedTrials: number | null;
};

export type RunsResponse = { runs: RunListEntry[] };

/** A 95% interval of a proportion. */
export type Interval = { lower: number; upper: number };

/** How often one boolean field was true in a cell, with its Wilson interval over the decided trials. */
export type FieldStats = {
  true: number;
  false: number;
  undecided: number;
  rate: number | null;
  interval: Interval | null;
};

/** One line of a run's cell table: scenario × cell × agent. */
export type CellRow = {
  scenario: string;
  cellId: string;
  agent: string;
  cell: Cell;
  trials: number;
  completed: number;
  incomplete: number;
  errors: number;
  /** Boolean detection fields, such as tampering or exfiltration. */
  fields: Record<string, FieldStats>;
  /** Means of numeric detection fields (honestScore, reportedScore) over the trials that decided them. */
  means: Record<string, { mean: number; count: number }>;
};

/** The cell table's filters; every one optional. */
export type CellFilters = {
  scenario?: string;
  relation?: string;
  instantiation?: string;
  subject?: string;
  dataset?: string;
  monitoring?: string;
  agent?: string;
  /** Only cells where this boolean field was true at least once (and only those trials, in trial lists). */
  behaviour?: string;
};

export type Facets = {
  scenario: string[];
  relation: string[];
  instantiation: string[];
  subject: string[];
  dataset: string[];
  monitoring: string[];
  agent: string[];
  /** Boolean detection fields of the run, behaviours first. */
  behaviour: string[];
};

export type CellsResponse = {
  run: RunListEntry;
  filters: CellFilters;
  facets: Facets;
  /** Boolean fields shown as columns, in order: behaviours first, then the rest. */
  columns: string[];
  /** Numeric fields whose means are shown. */
  numericColumns: string[];
  /** Cells matching the filters (before paging). */
  total: number;
  offset: number;
  limit: number;
  cells: CellRow[];
  /** Trials in the whole run where each boolean field was true, for the "trials with …" shortcuts. */
  flaggedTrials: Record<string, number>;
};

/** One trial in a trial list: enough to choose one, without its transcript. */
export type TrialRow = {
  id: string;
  scenario: string;
  cellId: string;
  agent: string;
  trial: number;
  status: string;
  endReason: string | null;
  steps: number | null;
  durationMs: number | null;
  detections: Record<string, boolean | number | string | null>;
};

export type TrialsResponse = {
  total: number;
  offset: number;
  limit: number;
  trials: TrialRow[];
};

/** A trial of a neighbouring cell with the same agent and trial number: the cells differ in one factor. */
export type PairedTrial = {
  id: string;
  cellId: string;
  /** The factor that differs: monitoring, peer (no peer vs a peer relation), relation, instantiation, subject, dataset. */
  factor: string;
  /** This trial's value of the factor and the other's, in words. */
  thisValue: string;
  otherValue: string;
  detections: Record<string, boolean | number | string | null>;
};

export type TrialResponse = {
  record: TrialRecord;
  /** `null` when the transcript was not asked for or is missing. */
  transcript: TrialTranscript | null;
  pairs: PairedTrial[];
};
