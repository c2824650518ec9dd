import { registerAgentKind } from '../resolve-agent.ts';
import { createModelAgent } from './model-agent.ts';

/**
 * Makes `<provider>:<model>` agent specs resolve to real models through the provider registry. The CLI calls this
 * once at start; library users who want model agents call it too.
 */
export function registerModelAgents(): void {
  registerAgentKind({ kind: 'model', factory: ({ spec, config }) => createModelAgent({ spec, config }) });
}

export { createModelAgent, recordedStepSchema, toUsage, type RecordedStep } from './model-agent.ts';
export { modelCallKey, toolJsonSchema } from './model-call-key.ts';
export { answerSettings, modelSettings, paperModelSettings, type ModelSettings } from './model-settings.ts';
export { estimateCost, priceFor, type CostUsage } from './estimate-cost.ts';
export { builtInPrices, priceKeys } from './prices.ts';
export { retryAfterSeconds, toAgentError } from './provider-error.ts';
export {
  builtInProviders,
  parseModelSpec,
  providerNames,
  resolveLanguageModel,
  type BuiltInProvider,
  type ProviderType,
  type ResolvedModel,
} from './provider-registry.ts';
export { toModelMessages } from './to-model-messages.ts';
