export {
  peerwatchConfigSchema,
  priceSchema,
  providerConfigSchema,
  type PeerwatchConfig,
  type Price,
  type ProviderConfig,
} from './config-schema.ts';
export { configFileName, loadConfig } from './load-config.ts';
