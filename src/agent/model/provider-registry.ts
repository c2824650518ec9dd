import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogle } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { PeerwatchConfig, ProviderConfig } from '../../config/index.ts';
import { formatAllowed, UsageError } from '../../util/index.ts';

/** The wire protocol family of a provider. */
export type ProviderType = ProviderConfig['type'];

/** A built-in provider: its protocol and the environment variables it reads. */
export type BuiltInProvider = { type: ProviderType; apiKeyEnv: string; baseURLEnv?: string };

/** Providers usable without a config file, with the usual environment variables. */
export const builtInProviders: Readonly<Record<string, BuiltInProvider>> = {
  openai: { type: 'openai', apiKeyEnv: 'OPENAI_API_KEY', baseURLEnv: 'OPENAI_BASE_URL' },
  anthropic: { type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY', baseURLEnv: 'ANTHROPIC_BASE_URL' },
  google: { type: 'google', apiKeyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY' },
};

/** A model spec split into provider name and model id. Model ids may contain `:` (`local:llama3.1:8b`). */
export function parseModelSpec(spec: string): { provider: string; modelId: string } {
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new UsageError({ message: `invalid model spec "${spec}"; expected <provider>:<model>, such as openai:gpt-4.1-mini` });
  }
  return { provider: spec.slice(0, colon), modelId: spec.slice(colon + 1) };
}

/** A model ready for the AI SDK, with where it came from. */
export type ResolvedModel = {
  spec: string;
  provider: string;
  providerType: ProviderType;
  modelId: string;
  /** Whether the provider is one of the built-ins or a config provider of a first-party type (prices apply). */
  firstParty: boolean;
  model: Exclude<LanguageModel, string>;
};

function describeProviders(config: PeerwatchConfig): string {
  const configured = Object.keys(config.providers);
  const builtIn = formatAllowed(Object.keys(builtInProviders));
  return configured.length === 0
    ? `built-in providers: ${builtIn}; no providers are configured (add them under "providers:" in peerwatch.config.yaml)`
    : `built-in providers: ${builtIn}; configured providers: ${formatAllowed(configured)}`;
}

function readKey(options: { spec: string; variable: string | undefined; env: NodeJS.ProcessEnv; required: boolean }): string | undefined {
  const { spec, variable, env } = options;
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (value === undefined || value === '') {
    if (!options.required) return undefined;
    // The message names the variable, never a value.
    throw new UsageError({ message: `model "${spec}" needs an API key: set the environment variable ${variable}` });
  }
  return value;
}

/**
 * Resolves `<provider>:<model>` to an AI SDK language model. Built-in providers (`openai`, `anthropic`, `google`) read
 * the usual environment variables; named providers come from the config's `providers:` (`local:` for a vLLM or Ollama
 * server through `@ai-sdk/openai-compatible`), and a named provider may replace a built-in one. An unknown provider
 * or a missing key is a `UsageError` naming what to fix. Keys are read from the environment only and never returned.
 */
export function resolveLanguageModel(options: { spec: string; config: PeerwatchConfig; env?: NodeJS.ProcessEnv }): ResolvedModel {
  const { spec, config } = options;
  const env = options.env ?? process.env;
  const { provider, modelId } = parseModelSpec(spec);
  const configured = config.providers[provider];
  const builtIn = builtInProviders[provider];
  if (configured === undefined && builtIn === undefined) {
    throw new UsageError({ message: `model "${spec}": unknown provider "${provider}"; ${describeProviders(config)}` });
  }
  const type: ProviderType = configured?.type ?? builtIn!.type;
  const baseURL = configured?.baseURL ?? (builtIn?.baseURLEnv === undefined ? undefined : env[builtIn.baseURLEnv] || undefined);
  const headers = configured?.headers;
  // A configured provider needs a key only if it names a variable; a built-in one always does.
  const keyVariable = configured !== undefined ? configured.apiKeyEnv : builtIn!.apiKeyEnv;
  const apiKey = readKey({ spec, variable: keyVariable, env, required: true });
  const firstParty = type !== 'openai-compatible';
  // Without a key of its own the SDK would fall back to OPENAI_API_KEY and friends and send them to whatever baseURL
  // the config names; a configured provider sends only the key its apiKeyEnv names.
  const firstPartyKey = apiKey ?? 'no-key-configured';
  const resolved = (model: Exclude<LanguageModel, string>): ResolvedModel => ({ spec, provider, providerType: type, modelId, firstParty, model });

  switch (type) {
    case 'openai-compatible': {
      if (baseURL === undefined) {
        throw new UsageError({ message: `model "${spec}": providers.${provider}.baseURL is required for an openai-compatible provider (such as http://127.0.0.1:8000/v1)` });
      }
      const factory = createOpenAICompatible({ name: provider, baseURL, apiKey, headers, includeUsage: true });
      return resolved(factory.chatModel(modelId));
    }
    case 'openai':
      // The Responses API, as the paper used for GPT-5.2.
      return resolved(createOpenAI({ apiKey: firstPartyKey, baseURL, headers })(modelId));
    case 'anthropic':
      return resolved(createAnthropic({ apiKey: firstPartyKey, baseURL, headers })(modelId));
    case 'google':
      return resolved(createGoogle({ apiKey: firstPartyKey, baseURL, headers })(modelId));
  }
}

/** Names of every provider a spec may use with this config. */
export function providerNames(config: PeerwatchConfig): string[] {
  return [...new Set([...Object.keys(builtInProviders), ...Object.keys(config.providers)])];
}
