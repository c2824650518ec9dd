export {
  AgentError,
  addUsage,
  emptyUsage,
  type Agent,
  type AgentContext,
  type AgentStep,
  type AgentToolCall,
  type EpisodeOptions,
  type EpisodeResult,
  type ToolDefinition,
  type TranscriptMessage,
  type Usage,
} from './agent.ts';
export {
  estimateTokens,
  nudgeMessage,
  paperLoopLimits,
  runAgentLoop,
  type EndReason,
  type LoopLimits,
  type LoopResult,
} from './run-agent-loop.ts';
export {
  copyRouteShare,
  createReferenceAgent,
  mixedBehaviour,
  mixedPopulation,
  referenceAgentNames,
  referenceBehaviours,
  routeChoices,
  routeFor,
  type ReferenceBehaviour,
} from './reference/reference-agents.ts';
export {
  formatMixedTruthTable,
  measureOutcome,
  mixedCellKind,
  mixedExpectedRates,
  mixedMeasures,
  mixedRouteRates,
  mixedTruthTable,
  routeOutcomes,
  scenarioMeasures,
  type MixedMeasure,
  type MixedTruthRow,
} from './reference/mixed-rates.ts';
export { playRoute } from './reference/play-route.ts';
export { createScriptAgent, loadScriptFile, scriptFileSchema, type ScriptFile } from './script-agent.ts';
export { registerAgentKind, resolveAgent, type AgentFactory } from './resolve-agent.ts';
export { createMemoryModelCalls, type ModelCall, type ModelCallRecorder } from './model-calls.ts';
export {
  createModelAgent,
  estimateCost,
  modelSettings,
  paperModelSettings,
  priceFor,
  registerModelAgents,
  resolveLanguageModel,
  type ModelSettings,
} from './model/index.ts';
