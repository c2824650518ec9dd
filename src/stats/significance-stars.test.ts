import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { significanceStars } from './index.ts';

describe('significanceStars', () => {
  it('prints the paper’s stars with strict thresholds', () => {
    const pValues = [0.2, 0.05, 0.0499, 0.01, 0.0099, 0.001, 0.000999, 0, Number.NaN];
    assert.deepEqual(
      pValues.map((pValue) => significanceStars({ pValue })),
      ['', '', '*', '*', '**', '**', '***', '***', ''],
    );
  });
});
