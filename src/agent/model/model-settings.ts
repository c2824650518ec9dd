import type { JSONValue } from 'ai';
import type { PeerwatchConfig, ReasoningEffort } from '../../config/index.ts';
import type { ProviderType } from './provider-registry.ts';

/** The settings of every model call an agent makes. */
export type ModelSettings = {
  temperature: number;
  maxOutputTokens: number;
  /** `null`: nothing is requested and the provider's default applies (the paper's `reasoning_effort=None`). */
  reasoningEffort: ReasoningEffort | null;
  /** Seconds one call may take before it fails as a (retryable) timeout. */
  timeoutSeconds: number;
};

/** The paper's settings (section 5): temperature 1, 8,192 output tokens, reasoning not requested. */
export const paperModelSettings: ModelSettings = { temperature: 1, maxOutputTokens: 8192, reasoningEffort: null, timeoutSeconds: 300 };

/** The settings of a run: the paper's, then the config's `model:`, then the command line's. */
export function modelSettings(options: { config: PeerwatchConfig; overrides?: Partial<ModelSettings> }): ModelSettings {
  const fromConfig = options.config.model;
  const pick = <KEY extends keyof ModelSettings>(key: KEY): ModelSettings[KEY] =>
    (options.overrides?.[key] ?? (fromConfig as Partial<ModelSettings>)[key] ?? paperModelSettings[key]) as ModelSettings[KEY];
  return {
    temperature: pick('temperature'),
    maxOutputTokens: pick('maxOutputTokens'),
    reasoningEffort: pick('reasoningEffort'),
    timeoutSeconds: pick('timeoutSeconds'),
  };
}

/** The settings that shape an answer, for the cache key (timeouts do not). */
export function answerSettings(settings: ModelSettings): Record<string, unknown> {
  return { temperature: settings.temperature, maxOutputTokens: settings.maxOutputTokens, reasoningEffort: settings.reasoningEffort };
}

/**
 * Provider options that make reasoning visible when it is requested: OpenAI reasoning summaries, Gemini thoughts.
 * Anthropic returns thinking blocks whenever thinking is on.
 */
export function reasoningProviderOptions(options: {
  providerType: ProviderType;
  reasoningEffort: ReasoningEffort | null;
}): Record<string, Record<string, JSONValue>> | undefined {
  const { providerType, reasoningEffort } = options;
  if (reasoningEffort === null || reasoningEffort === 'none' || reasoningEffort === 'provider-default') return undefined;
  if (providerType === 'openai') return { openai: { reasoningSummary: 'auto' } };
  if (providerType === 'google') return { google: { thinkingConfig: { includeThoughts: true } } };
  return undefined;
}
