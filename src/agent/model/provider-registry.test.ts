import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peerwatchConfigSchema } from '../../config/index.ts';
import { UsageError } from '../../util/index.ts';
import { parseModelSpec, resolveLanguageModel } from './provider-registry.ts';

const config = peerwatchConfigSchema.parse({
  providers: {
    local: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'LOCAL_API_KEY' },
    ollama: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:11434/v1' },
    responses: { type: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'RESPONSES_KEY' },
    bare: { type: 'openai-compatible' },
  },
});

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(UsageError.isInstance(error), `expected a UsageError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('the provider registry', () => {
  it('resolves built-in providers from their environment variables, with the Responses API for openai', () => {
    const env = { OPENAI_API_KEY: 'sk-canary', ANTHROPIC_API_KEY: 'a', GOOGLE_GENERATIVE_AI_API_KEY: 'g' };
    const openai = resolveLanguageModel({ spec: 'openai:gpt-5.2', config, env });
    assert.equal(openai.providerType, 'openai');
    assert.equal(openai.modelId, 'gpt-5.2');
    assert.equal(openai.model.provider, 'openai.responses');
    assert.equal(resolveLanguageModel({ spec: 'anthropic:claude-haiku-4-5', config, env }).model.provider, 'anthropic.messages');
    assert.match(resolveLanguageModel({ spec: 'google:gemini-3-flash-preview', config, env }).model.provider, /^google/);
  });

  it('resolves configured providers, keeping colons in model ids and needing no key where none is configured', () => {
    const local = resolveLanguageModel({ spec: 'local:some-model', config, env: { LOCAL_API_KEY: 'k' } });
    assert.equal(local.providerType, 'openai-compatible');
    assert.equal(local.model.provider, 'local.chat');
    assert.equal(local.firstParty, false);
    const ollama = resolveLanguageModel({ spec: 'ollama:llama3.1:8b', config, env: {} });
    assert.equal(ollama.modelId, 'llama3.1:8b');
    assert.equal(resolveLanguageModel({ spec: 'responses:gpt-5.2', config, env: { RESPONSES_KEY: 'k' } }).model.provider, 'openai.responses');
  });

  it('names the built-in and configured providers for an unknown one', () => {
    const message = usageError(() => resolveLanguageModel({ spec: 'mystery:model', config, env: {} }));
    assert.match(message, /unknown provider "mystery"/);
    assert.match(message, /"openai", "anthropic" or "google"/);
    assert.match(message, /"local", "ollama", "responses" or "bare"/);
    const none = usageError(() => resolveLanguageModel({ spec: 'mystery:model', config: peerwatchConfigSchema.parse({}), env: {} }));
    assert.match(none, /no providers are configured/);
  });

  it('names the missing key variable and never a key', () => {
    assert.match(usageError(() => resolveLanguageModel({ spec: 'openai:gpt-4.1-mini', config, env: {} })), /set the environment variable OPENAI_API_KEY/);
    assert.match(usageError(() => resolveLanguageModel({ spec: 'anthropic:claude-haiku-4-5', config, env: { ANTHROPIC_API_KEY: '' } })), /ANTHROPIC_API_KEY/);
    assert.match(usageError(() => resolveLanguageModel({ spec: 'google:gemini-3-flash', config, env: {} })), /GOOGLE_GENERATIVE_AI_API_KEY/);
    assert.match(usageError(() => resolveLanguageModel({ spec: 'local:m', config, env: {} })), /LOCAL_API_KEY/);
  });

  it('rejects a malformed spec and an openai-compatible provider without a base URL', () => {
    assert.match(usageError(() => parseModelSpec('gpt-4')), /expected <provider>:<model>/);
    assert.match(usageError(() => resolveLanguageModel({ spec: 'bare:m', config, env: {} })), /providers\.bare\.baseURL is required/);
  });
});
