import type { PeerwatchConfig, Price } from '../../config/index.ts';
import { builtInPrices, priceKeys } from './prices.ts';
import { builtInProviders, parseModelSpec } from './provider-registry.ts';

/** Token counts a cost is computed from; cached input tokens are part of `inputTokens`. */
export type CostUsage = { inputTokens: number; outputTokens: number; cachedInputTokens?: number };

/**
 * The price of a model spec: the config's `prices:` entry for the spec or its model id first, then the built-in list
 * prices for first-party providers (`openai:`, `anthropic:`, `google:` and config providers of those types). A model
 * behind an openai-compatible provider has no built-in price, since the same id may be served at any price (or free).
 * `null` when unknown.
 */
export function priceFor(options: { model: string; config: PeerwatchConfig }): Price | null {
  const { model, config } = options;
  const configured = config.prices[model];
  if (configured !== undefined) return configured;
  let parsed: { provider: string; modelId: string };
  try {
    parsed = parseModelSpec(model);
  } catch {
    return null;
  }
  const keys = priceKeys(parsed.modelId);
  for (const key of keys) if (config.prices[key] !== undefined) return config.prices[key];
  const type = config.providers[parsed.provider]?.type ?? builtInProviders[parsed.provider]?.type;
  if (type === undefined || type === 'openai-compatible') return null;
  for (const key of keys) if (builtInPrices[key] !== undefined) return builtInPrices[key];
  return null;
}

/**
 * Cost in US dollars of the given tokens of a model at its list price (cached input at the cached price where there
 * is one); `null` when the price is unknown, never 0 for a priced-out real model. Used for trial records and by the
 * scheduler's budget (`--max-cost`) and dry run.
 */
export function estimateCost(options: { model: string; usage: CostUsage; config: PeerwatchConfig }): number | null {
  const price = priceFor({ model: options.model, config: options.config });
  if (price === null) return null;
  const { inputTokens, outputTokens } = options.usage;
  const cached = Math.min(options.usage.cachedInputTokens ?? 0, inputTokens);
  const dollars = ((inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + outputTokens * price.output) / 1_000_000;
  // Round away floating-point noise below a millionth of a cent.
  return Math.round(dollars * 1e8) / 1e8;
}
