import { behaviourInfo } from '../metrics/trial-outcomes.ts';
import type { RateDifference } from '../metrics/compare-rates.ts';
import { formatEstimate, formatInterval, formatP, formatValue } from '../render/format.ts';
import { textTable } from '../render/text-table.ts';
import type { RunComparison } from './compare-runs.ts';

function testText(difference: RateDifference | null): string {
  if (difference?.test === null || difference === null) return '–';
  if (difference.test.name === 'mcnemar') return `McNemar ${difference.test.aOnly}/${difference.test.bOnly} of ${difference.test.pairs}`;
  return 'Fisher exact';
}

/** The comparison as text: the pooled metrics first, then every cell × behaviour. */
export function formatComparison(comparison: RunComparison): string {
  const lines: string[] = [];
  lines.push(`A: ${comparison.runA.runId} (${comparison.runA.directory})`);
  lines.push(`B: ${comparison.runB.runId} (${comparison.runB.directory})`);
  lines.push(`Agents compared: ${comparison.agentPairs.map((pair) => (pair.agentA === pair.agentB ? pair.agentA : `${pair.agentA} (A) vs ${pair.agentB} (B)`)).join('; ')}`);
  lines.push(`Cells in both runs: ${comparison.matchedCells}`);
  lines.push('');
  lines.push('Per metric (pooled over the matched cells; a − b; Newcombe or MOVER 95% interval; Holm over the metric family)');
  lines.push(
    textTable({
      header: ['agent', 'metric', 'A', 'B', 'A − B', 'interval', 'test', 'p', 'Holm p'],
      rows: comparison.metrics.map((metric) => [
        metric.agentA === metric.agentB ? metric.agentA : `${metric.agentA} vs ${metric.agentB}`,
        metric.behaviour,
        formatEstimate(metric.a, metric.kind),
        formatEstimate(metric.b, metric.kind),
        formatValue(metric.delta.estimate, 'difference'),
        formatInterval(metric.delta, 'difference'),
        metric.kind === 'difference' ? 'interval only' : testText(metric.difference),
        formatP(metric.difference?.test?.pValue),
        metric.difference === null ? '–' : `${formatP(metric.difference.holmPValue)}${metric.difference.holmStars}`,
      ]),
    }),
  );
  lines.push('');
  lines.push('Per cell (a − b; Newcombe 95% interval; McNemar when trials pair by number and seed, else Fisher exact; Holm over the cell family)');
  lines.push(
    textTable({
      header: ['cell', 'agent', 'behaviour', 'A', 'B', 'A − B', 'interval', 'test', 'p', 'Holm p'],
      rows: comparison.cells.map((cell) => [
        cell.cellId,
        cell.agentA === cell.agentB ? cell.agentA : `${cell.agentA} vs ${cell.agentB}`,
        behaviourInfo[cell.behaviour].label,
        formatEstimate(cell.difference.a, 'rate'),
        formatEstimate(cell.difference.b, 'rate'),
        formatValue(cell.difference.estimate, 'difference'),
        formatInterval(cell.difference, 'difference'),
        testText(cell.difference),
        formatP(cell.difference.test?.pValue),
        `${formatP(cell.difference.holmPValue)}${cell.difference.holmStars}`,
      ]),
    }),
  );
  return lines.join('\n');
}
