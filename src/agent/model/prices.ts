import type { Price } from '../../config/index.ts';

/**
 * Built-in list prices in US dollars per million tokens (standard tier, prompts under 200k tokens), as published by
 * the providers in early 2026. They are estimates for budgeting, not invoices: check the providers' pricing pages and
 * override or extend them under `prices:` in peerwatch.config.yaml. Keys are model ids; dated snapshots
 * (`gpt-5.2-2025-12-11`, `claude-haiku-4-5-20251001`) and `-preview` ids fall back to their base id.
 */
export const builtInPrices: Readonly<Record<string, Price>> = {
  // OpenAI
  'gpt-5.2': { input: 1.75, output: 14, cachedInput: 0.175 },
  'gpt-5.1': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  o3: { input: 2, output: 8, cachedInput: 0.5 },
  'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  // Anthropic (cached input = cache reads)
  'claude-opus-4-5': { input: 5, output: 25, cachedInput: 0.5 },
  'claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1 },
  'claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5 },
  'claude-sonnet-4': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cachedInput: 0.08 },
  // Google
  'gemini-3-pro': { input: 2, output: 12, cachedInput: 0.2 },
  'gemini-3-flash': { input: 0.5, output: 3, cachedInput: 0.05 },
  'gemini-2.5-pro': { input: 1.25, output: 10, cachedInput: 0.125 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.03 },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cachedInput: 0.01 },
};

/** Ids to try for a model id, most specific first: the id, then without date, `-preview` or `-latest` suffixes. */
export function priceKeys(modelId: string): string[] {
  const keys = [modelId];
  let current = modelId.toLowerCase().split('/').at(-1) ?? modelId;
  keys.push(current);
  for (const suffix of [/@\d{8}$/, /-\d{4}-\d{2}-\d{2}$/, /-\d{8}$/, /-latest$/, /-preview(-\d{2}-\d{4})?$/, /-\d{3}$/]) {
    const next = current.replace(suffix, '');
    if (next !== current) {
      current = next;
      keys.push(current);
    }
  }
  return [...new Set(keys)];
}
