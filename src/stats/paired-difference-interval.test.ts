import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { newcombeInterval, pairedDifferenceInterval } from './index.ts';

describe('pairedDifferenceInterval (Newcombe paired method 10)', () => {
  it('matches the published example of Fagerland, Lydersen & Laake (Cavo et al. 2012 data)', () => {
    // contingencytables::Newcombe_square_and_add_CI_paired_2x2(matrix(c(59, 6, 16, 80), 2, byrow = TRUE)) prints
    // "estimate = -0.0621 (95% CI -0.1186 to -0.0046)" (the package's own test, tests/testthat/test-ch8.R).
    const interval = pairedDifferenceInterval({ bothTrue: 59, onlyA: 6, onlyB: 16, neither: 80 });
    assertClose({ actual: interval.difference, expected: -0.0621, absolute: 5e-5, label: 'estimate' });
    assertClose({ actual: interval.lower, expected: -0.1186, absolute: 5e-5, label: 'lower' });
    assertClose({ actual: interval.upper, expected: -0.0046, absolute: 5e-5, label: 'upper' });
    // Full precision: newcombe_paired(59, 6, 16, 80) in __fixtures__/reference-values.R
    assertClose({ actual: interval.lower, expected: -0.11862119563871, relative: 1e-12, label: 'lower (R)' });
    assertClose({ actual: interval.upper, expected: -0.00462511393305007, relative: 1e-11, label: 'upper (R)' });
  });
  it('matches the R reimplementation on small, correlated, anti-correlated and 90% tables', () => {
    // newcombe_paired(…) in __fixtures__/reference-values.R
    const cases: Array<[[number, number, number, number, number], number, number, number]> = [
      [[1, 1, 7, 12, 0.95], -0.285714285714286, -0.506920226686141, -0.0255591241648599], // Bentur et al. 2009
      [[40, 10, 2, 48, 0.95], 0.08, 0.0113071888072507, 0.146692012938458],
      [[5, 20, 3, 2, 0.95], 0.566666666666667, 0.28306869696846, 0.745951507224536],
      [[40, 10, 2, 48, 0.9], 0.08, 0.022182973427564, 0.136392662115644],
    ];
    for (const [[bothTrue, onlyA, onlyB, neither, confidence], difference, lower, upper] of cases) {
      const interval = pairedDifferenceInterval({ bothTrue, onlyA, onlyB, neither, confidence });
      const label = `(${bothTrue}, ${onlyA}, ${onlyB}, ${neither}) at ${confidence}`;
      assertClose({ actual: interval.difference, expected: difference, relative: 1e-12, label });
      assertClose({ actual: interval.lower, expected: lower, relative: 1e-11, label: `${label} lower` });
      assertClose({ actual: interval.upper, expected: upper, relative: 1e-11, label: `${label} upper` });
    }
  });
  it('is narrower than the independent-samples interval when outcomes are positively correlated', () => {
    const paired = pairedDifferenceInterval({ bothTrue: 40, onlyA: 10, onlyB: 2, neither: 48 });
    const independent = newcombeInterval({ successesA: 50, trialsA: 100, successesB: 42, trialsB: 100 });
    assert.ok(paired.upper - paired.lower < 0.6 * (independent.upper - independent.lower));
  });
  it('returns NaN and [−1, 1] with no pairs, and rejects negative or fractional counts', () => {
    const empty = pairedDifferenceInterval({ bothTrue: 0, onlyA: 0, onlyB: 0, neither: 0 });
    assert.ok(Number.isNaN(empty.difference));
    assert.deepEqual([empty.lower, empty.upper], [-1, 1]);
    assert.throws(() => pairedDifferenceInterval({ bothTrue: 1, onlyA: -1, onlyB: 0, neither: 0 }), UsageError);
    assert.throws(() => pairedDifferenceInterval({ bothTrue: 1, onlyA: 0.5, onlyB: 0, neither: 0 }), /onlyA/);
  });
});
