import { z } from 'zod';

/** A named OpenAI-compatible provider (vLLM, Ollama, llama.cpp server, LiteLLM, Together, OpenRouter). */
export const providerConfigSchema = z
  .object({
    type: z.enum(['openai-compatible', 'openai', 'anthropic', 'google']),
    baseURL: z.string().url().optional(),
    /** Name of the environment variable holding the key. Keys never go in this file's other fields or in runs. */
    apiKeyEnv: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/**
 * How much a model reasons before answering (AI SDK `reasoning`). Left out, nothing is requested and the provider's
 * default applies, as in the paper; `none` asks the provider to switch reasoning off.
 */
export const reasoningEffortSchema = z.enum(['provider-default', 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;

/** Price of a model in US dollars per million tokens. */
export const priceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cachedInput: z.number().nonnegative().optional(),
  })
  .strict();
export type Price = z.infer<typeof priceSchema>;

/** `peerwatch.config.yaml`: the same option names as the CLI. */
export const peerwatchConfigSchema = z
  .object({
    providers: z.record(z.string(), providerConfigSchema).default({}),
    /** Judge model spec (default `openai:gpt-4.1-mini`). */
    judge: z.string().optional(),
    /** Prices per model spec (`openai:gpt-5.2`), added to or overriding the built-in table. */
    prices: z.record(z.string(), priceSchema).default({}),
    /** Model settings applied to every model agent unless the CLI overrides them. */
    model: z
      .object({
        temperature: z.number().min(0).max(2).optional(),
        maxOutputTokens: z.number().int().positive().optional(),
        reasoningEffort: reasoningEffortSchema.optional(),
        maxRetries: z.number().int().nonnegative().optional(),
        /** Seconds one model call may take before it fails (retryably) as a timeout. */
        timeoutSeconds: z.number().positive().optional(),
      })
      .strict()
      .default({}),
    /** Production-harness trials (`harness:<name>/<agent spec>`); `--harness-timeout` overrides `timeoutSeconds`. */
    harness: z
      .object({
        /** Wall-clock seconds one harness trial may run before it ends as incomplete (paper: 600). */
        timeoutSeconds: z.number().positive().optional(),
        /** Where `peerwatch harness install` puts harnesses (default: ~/.cache/peerwatch/harnesses). */
        cacheDirectory: z.string().optional(),
        /** Keep each trial's materialised folder (workspace, servers) for inspection instead of deleting it. */
        keepDirectories: z.boolean().optional(),
      })
      .strict()
      .default({}),
    concurrency: z.number().int().positive().optional(),
    /** Per-provider concurrency limits (`openai: 8`). */
    providerConcurrency: z.record(z.string(), z.number().int().positive()).default({}),
  })
  .strict();
export type PeerwatchConfig = z.infer<typeof peerwatchConfigSchema>;
