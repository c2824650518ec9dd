export {
  peerwatchConfigSchema,
  priceSchema,
  providerConfigSchema,
  reasoningEffortSchema,
  type ReasoningEffort,
  type PeerwatchConfig,
  type Price,
  type ProviderConfig,
} from './config-schema.ts';
export { configFileName, loadConfig } from './load-config.ts';
