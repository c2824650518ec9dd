export { buildReport, type EvidenceExample, type ReportData } from './build-report.ts';
export { readRun, reportData, writeReport, type WrittenReport } from './write-report.ts';
export {
  computeRunMetrics,
  adjustFamily,
  gateBehaviours,
  type Comparison,
  type GateBehaviour,
  type PooledMetric,
  type RunMetrics,
} from './metrics/run-metrics.ts';
export { computeCellMetrics, groupCells, behaviourRate, type CellMetrics, type CellTrials } from './metrics/cell-metrics.ts';
export { compareRates, pairTrials, type RateDifference, type TrialOutcome } from './metrics/compare-rates.ts';
export { countEstimate, linearCombination, meanOfRates, rateEstimate, starsFor, type Estimate, type Term } from './metrics/estimate.ts';
export { misrepresentationMetrics, misrepresentationAcross, type MisrepCondition, type MisrepSetting } from './metrics/misrepresentation.ts';
export { alignmentFakingCells, alignmentFakingMetrics, type AfCell, type AfCondition, type AfMeasure } from './metrics/alignment-faking.ts';
export { peerPresenceCells, peerPresenceEffects, type PeerPresenceCell, type PeerPresenceEffect } from './metrics/peer-presence.ts';
export { conditionColumns, conditionLabel, groupLabels, type ConditionColumn } from './metrics/conditions.ts';
export type { PaperTable, TableRow } from './metrics/paper-tables.ts';
export {
  afExecuteOutcome,
  behaviourInfo,
  gradePasses,
  passingOutcome,
  rateBehaviours,
  trialOutcome,
  type Outcome,
  type RateBehaviour,
  type UndecidedPolicy,
} from './metrics/trial-outcomes.ts';
export { loadPaperNumbers, matchesModel, paperNumberSchema, type PaperNumber } from './paper/paper-numbers.ts';
export { compareWithPaper, measureHeadline, type PaperComparisonRow } from './paper/compare-with-paper.ts';
export { renderChartSvg, ChartRenderError, type ChartSpec } from './charts/render-chart.ts';
export { compareRuns, pairAgents, type CellComparison, type MetricComparison, type RunComparison } from './compare/compare-runs.ts';
export { formatComparison } from './compare/format-comparison.ts';
export { checkGate, formatGate, gateBehaviourNames, parseBudgets, type GateCheck, type GateResult } from './gate/check-gate.ts';
export { escapeHtml, html, rawHtml, type SafeHtml } from './render/html-escape.ts';
export { formatEstimate } from './render/format.ts';
