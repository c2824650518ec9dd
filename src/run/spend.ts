import type { TrialRecord } from '../trial/index.ts';

/**
 * What a trial cost in US dollars: the agent's calls plus the judge's (a judge call that decided several fields is
 * counted once). `null` when a price is unknown; 0 for reference and script agents with no judge.
 */
export function trialSpend(record: Pick<TrialRecord, 'usage' | 'judgements'>): number | null {
  let total = record.usage.costUsd;
  if (total === null) return null;
  const seen = new Set<string>();
  for (const judgement of Object.values(record.judgements ?? {})) {
    if (judgement === null || typeof judgement !== 'object') continue;
    const { modelCallId, costUsd } = judgement as { modelCallId?: unknown; costUsd?: unknown };
    if (typeof costUsd !== 'number') continue;
    const key = typeof modelCallId === 'string' ? modelCallId : null;
    if (key !== null) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    total += costUsd;
  }
  return total;
}
