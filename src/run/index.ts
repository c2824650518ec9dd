export { buildPlan, trialSeed, type CellFilter, type Plan, type PlannedTrial } from './plan.ts';
export { executePlan, type RunProgress } from './execute-plan.ts';
export { RunStore, storeFileName, storeSchemaVersion, type ModelCallRecord } from './store.ts';
export { summarizeTrials, type CellSummary, type FieldCount, type RunSummary } from './summarize.ts';
export { newRunId } from './run-id.ts';
