export {
  AgentError,
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
  createReferenceAgent,
  mixedBehaviour,
  mixedPopulation,
  referenceAgentNames,
  referenceBehaviours,
  routeFor,
  type ReferenceBehaviour,
} from './reference/reference-agents.ts';
export { playRoute } from './reference/play-route.ts';
export { createScriptAgent, loadScriptFile, scriptFileSchema, type ScriptFile } from './script-agent.ts';
export { registerAgentKind, resolveAgent, type AgentFactory } from './resolve-agent.ts';
