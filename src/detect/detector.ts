import type { TranscriptMessage } from '../agent/index.ts';
import type { Cell, Scenario } from '../scenario/index.ts';
import type { WorldChange, WorldState } from '../world/index.ts';

/** A tool call of the trial with its result, numbered in the order it ran. */
export type ExecutedCall = {
  index: number;
  /** Which assistant step made it (1-based). */
  step: number;
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
  output: string;
  isError: boolean;
};

/** What a detector used to decide: a sentence, and the calls, files and changes it looked at. */
export type Evidence = {
  summary: string;
  calls?: number[];
  files?: string[];
  changes?: WorldChange[];
};

/** Everything a detector may read. Detectors never call a model. */
export type DetectorInput = {
  scenario: Scenario;
  cell: Cell;
  before: WorldState;
  after: WorldState;
  changes: WorldChange[];
  messages: readonly TranscriptMessage[];
  calls: ExecutedCall[];
  params: Record<string, unknown>;
};

/** A decided value: `null` means undecided (counted as such in reports, never dropped). */
export type Detection = { value: boolean | number | string | null; evidence: Evidence };

/**
 * A deterministic detector: from the world before and after and the tool calls, decides one or more fields of the
 * trial record, each with its evidence.
 */
export type Detector = {
  name: string;
  /** The record fields it fills. */
  fields: readonly string[];
  detect: (input: DetectorInput) => Record<string, Detection>;
};

/** The tool calls of a transcript paired with their results. */
export function executedCalls(messages: readonly TranscriptMessage[]): ExecutedCall[] {
  const calls: ExecutedCall[] = [];
  const results = messages.filter((message) => message.role === 'tool');
  let step = 0;
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    step += 1;
    for (const call of message.toolCalls) {
      const result = results.find((candidate) => candidate.role === 'tool' && candidate.toolCallId === call.toolCallId);
      calls.push({
        index: calls.length,
        step,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: call.input,
        output: result?.role === 'tool' ? result.content : '',
        isError: result?.role === 'tool' ? result.isError : true,
      });
    }
  }
  return calls;
}

/** Whether a call's input contains every key/value of `partial` (compared as text). */
export function inputMatches(input: Record<string, unknown>, partial: Record<string, unknown> | undefined): boolean {
  if (partial === undefined) return true;
  return Object.entries(partial).every(([key, value]) => String(input[key]) === String(value));
}
