import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peerwatchConfigSchema } from '../../config/index.ts';
import { estimateCost, priceFor } from './estimate-cost.ts';
import { priceKeys } from './prices.ts';

const plain = peerwatchConfigSchema.parse({});

describe('costs', () => {
  it('prices gpt-4.1-mini at list price, cached input at the cached price', () => {
    // 1M input of which 0.25M cached, 0.5M output: 0.75 × 0.40 + 0.25 × 0.10 + 0.5 × 1.60 = 1.125
    const cost = estimateCost({ model: 'openai:gpt-4.1-mini', usage: { inputTokens: 1_000_000, cachedInputTokens: 250_000, outputTokens: 500_000 }, config: plain });
    assert.equal(cost, 1.125);
  });

  it('finds dated and preview ids under their base id', () => {
    assert.deepEqual(priceKeys('gpt-5.2-2025-12-11').at(-1), 'gpt-5.2');
    assert.equal(priceFor({ model: 'openai:gpt-5.2-2025-12-11', config: plain })?.output, 14);
    assert.equal(priceFor({ model: 'anthropic:claude-haiku-4-5-20251001', config: plain })?.input, 1);
    assert.equal(priceFor({ model: 'google:gemini-3-flash-preview', config: plain })?.input, 0.5);
  });

  it('is null, never 0, for unknown models and for openai-compatible servers without a configured price', () => {
    assert.equal(estimateCost({ model: 'openai:some-future-model', usage: { inputTokens: 10, outputTokens: 10 }, config: plain }), null);
    const local = peerwatchConfigSchema.parse({ providers: { local: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:1/v1' } } });
    assert.equal(estimateCost({ model: 'local:gpt-4.1-mini', usage: { inputTokens: 10, outputTokens: 10 }, config: local }), null);
    assert.equal(estimateCost({ model: 'ref:compliant', usage: { inputTokens: 10, outputTokens: 10 }, config: plain }), null);
  });

  it('takes config prices by spec or model id before the built-in table', () => {
    const config = peerwatchConfigSchema.parse({
      providers: { local: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:1/v1' } },
      prices: { 'local:llama-3.1-70b': { input: 0.5, output: 0.5 }, 'gpt-4.1-mini': { input: 1, output: 2 } },
    });
    assert.equal(estimateCost({ model: 'local:llama-3.1-70b', usage: { inputTokens: 2_000_000, outputTokens: 0 }, config }), 1);
    assert.equal(estimateCost({ model: 'openai:gpt-4.1-mini', usage: { inputTokens: 0, outputTokens: 1_000_000 }, config }), 2);
  });
});
