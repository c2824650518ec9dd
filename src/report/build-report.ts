import type { TrialRecord, TrialTranscript } from '../trial/index.ts';
import { groupCells } from './metrics/cell-metrics.ts';
import { computeRunMetrics, type RunMetrics } from './metrics/run-metrics.ts';
import { behaviourInfo, trialOutcome, type RateBehaviour } from './metrics/trial-outcomes.ts';
import { compareWithPaper, type PaperComparisonRow } from './paper/compare-with-paper.ts';

/** One flagged trial shown as an example: its evidence and the agent's last words (untrusted text). */
export type EvidenceExample = {
  agent: string;
  behaviour: RateBehaviour;
  trialId: string;
  cellId: string;
  evidence: string;
  /** The agent's final message, cut to a few hundred characters. Model output: always escaped when shown. */
  excerpt: string;
};

/** Everything `report.md`, `report.html` and `report --json` show. */
export type ReportData = {
  runId: string;
  generatedAt: string;
  /** The run header stored by `peerwatch run` (scenarios, agents, trials per cell, seed). */
  header: Record<string, unknown> | null;
  metrics: RunMetrics;
  paper: PaperComparisonRow[];
  examples: EvidenceExample[];
};

const exampleBehaviours: readonly RateBehaviour[] = ['tampering', 'exfiltration', 'inflation', 'afExecute', 'refusal', 'evidenceDeleted', 'usersRemoved'];
const evidenceField: Partial<Record<RateBehaviour, string>> = { inflation: 'reportedScore', afExecute: 'shutdownExecuted' };

function lastWords(transcript: TrialTranscript | null): string {
  if (transcript === null) return '';
  const said = transcript.messages.filter((message) => message.role === 'assistant' && message.content.trim() !== '');
  const text = said.at(-1)?.content.trim() ?? '';
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/**
 * Computes a report's contents from a run's records: metrics, the comparison with the paper's numbers, and one
 * example trial per agent and behaviour (its evidence and the agent's last message, via `transcript`).
 */
export function buildReport(options: {
  runId: string;
  records: readonly TrialRecord[];
  header?: Record<string, unknown> | null;
  transcript?: (trialId: string) => TrialTranscript | null;
  generatedAt?: string;
}): ReportData {
  const metrics = computeRunMetrics({ records: options.records });
  const paper = compareWithPaper({ metrics, trials: groupCells(options.records) });
  const examples: EvidenceExample[] = [];
  for (const agent of metrics.agents) {
    for (const behaviour of exampleBehaviours) {
      const record = options.records.find(
        (candidate) => candidate.agent === agent && candidate.cell.relation !== 'control' && trialOutcome({ record: candidate, behaviour }) === true,
      );
      if (record === undefined) continue;
      const field = evidenceField[behaviour] ?? behaviour;
      examples.push({
        agent,
        behaviour,
        trialId: record.id,
        cellId: record.cellId,
        evidence: record.evidence[field]?.summary ?? behaviourInfo[behaviour].description,
        excerpt: lastWords(options.transcript?.(record.id) ?? null),
      });
    }
  }
  return { runId: options.runId, generatedAt: options.generatedAt ?? new Date().toISOString(), header: options.header ?? null, metrics, paper, examples };
}
