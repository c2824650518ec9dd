import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './__fixtures__/assert-close.ts';
import { fisherCombinedPValue } from './index.ts';

describe('fisherCombinedPValue', () => {
  it('matches pchisq(−2 Σ ln p, 2k, lower.tail = FALSE) in R', () => {
    const three = fisherCombinedPValue({ pValues: [0.01, 0.2, 0.5] });
    assertClose({ actual: three.statistic, expected: 13.8155105579643, relative: 1e-13, label: 'statistic' });
    assertClose({ actual: three.pValue, expected: 0.0317662967761349, relative: 1e-11, label: 'p, k = 3' });
    assertClose({ actual: fisherCombinedPValue({ pValues: [0.3, 0.6, 0.9, 0.05] }).pValue, expected: 0.291826548023752, relative: 1e-11, label: 'p, k = 4' });
  });
  it('clamps each p at 1e-10, as the paper did', () => {
    // fisher_combined(c(0, 0.5)) = pchisq(-2 * (log(1e-10) + log(0.5)), 4, lower.tail = FALSE)
    const clamped = fisherCombinedPValue({ pValues: [0, 0.5] });
    assertClose({ actual: clamped.statistic, expected: 47.4379962210008, relative: 1e-13, label: 'statistic' });
    assertClose({ actual: clamped.pValue, expected: 1.23594990552502e-9, relative: 1e-10, label: 'p' });
  });
  it('skips NaN entries and returns NaN when none are left', () => {
    assertClose({ actual: fisherCombinedPValue({ pValues: [0.01, Number.NaN, 0.2, 0.5] }).pValue, expected: 0.0317662967761349, relative: 1e-11, label: 'NaN skipped' });
    assert.ok(Number.isNaN(fisherCombinedPValue({ pValues: [] }).pValue));
  });
});
