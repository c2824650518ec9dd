import type { PlanEstimate } from './estimate-plan.ts';
import { formatTextTable } from '../util/index.ts';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Token counts in a readable form: 812, 14.2 k, 3.41 M. */
export function formatTokens(value: number): string {
  if (value < 10_000) return integer.format(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)} k`;
  return `${(value / 1_000_000).toFixed(2)} M`;
}

/** Dollars: `$0.00`, `$12.34`, `$1,234`; `unknown` when the price is. */
export function formatUsd(value: number | null): string {
  if (value === null) return 'unknown';
  if (value >= 1000) return `$${integer.format(value)}`;
  return `$${value.toFixed(2)}`;
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  return formatTextTable({ header, rows, rightAligned });
}

/** The dry-run output: the plan per scenario, per agent with the estimated cost, the judge, and the totals. */
export function formatPlanEstimate(estimate: PlanEstimate): string {
  const lines: string[] = [];
  const stored = estimate.storedTrials > 0 ? ` (${integer.format(estimate.storedTrials)} already stored)` : '';
  const upTo = estimate.sequential === null ? '' : 'up to ';
  lines.push(`Plan: ${upTo}${integer.format(estimate.trials)} trials to run${stored}`);
  if (estimate.sequential !== null) {
    const { maxWidth, maxTrials, roundSize } = estimate.sequential;
    lines.push(
      `Sequential sampling: each cell runs in rounds of ${roundSize} and stops once the 95% Wilson interval of its primary behaviour is narrower than ${maxWidth} (at most ${maxTrials} trials); the counts below are the maximum.`,
    );
  }
  lines.push('');
  lines.push(
    ...table(
      ['scenario', 'cells', 'agents', 'trials/cell', 'trials', 'model calls', 'input tokens', 'output tokens', 'estimated from'],
      estimate.scenarios.map((row) => [
        row.scenario,
        integer.format(row.cells),
        integer.format(row.agents),
        integer.format(row.trialsPerCell),
        integer.format(row.trials),
        integer.format(row.modelCalls),
        formatTokens(row.inputTokens),
        formatTokens(row.outputTokens),
        row.source,
      ]),
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
  );
  lines.push('');
  lines.push(
    ...table(
      ['agent', 'provider', 'trials', 'model calls', 'input tokens', 'output tokens', 'estimated cost'],
      estimate.agents.map((row) => [
        row.agent,
        row.provider,
        integer.format(row.trials),
        integer.format(row.modelCalls),
        formatTokens(row.inputTokens),
        formatTokens(row.outputTokens),
        formatUsd(row.costUsd),
      ]),
      new Set([2, 3, 4, 5, 6]),
    ),
  );
  if (estimate.judge !== null) {
    const { judge } = estimate;
    lines.push('');
    lines.push(
      `Judge ${judge.spec}: ${integer.format(judge.calls)} calls, ${formatTokens(judge.inputTokens)} input and ${formatTokens(judge.outputTokens)} output tokens, estimated cost ${formatUsd(judge.costUsd)}`,
    );
  }
  const { totals } = estimate;
  lines.push('');
  const cost =
    totals.costUsd !== null
      ? formatUsd(totals.costUsd)
      : `${formatUsd(totals.knownCostUsd)} plus unknown (no price for ${totals.unknownPrices.join(', ')}; add it under prices: in peerwatch.config.yaml)`;
  lines.push(
    `Total: ${integer.format(totals.modelCalls)} model calls, ${formatTokens(totals.inputTokens)} input and ${formatTokens(totals.outputTokens)} output tokens, estimated cost ${cost}.`,
  );
  lines.push('Token counts are estimates (four characters a token); list prices, no cached-input discount.');
  return lines.join('\n');
}
