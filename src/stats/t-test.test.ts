import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { twoSampleTTest } from './index.ts';

const valuesA = [72, 85, 90, 64, 78, 88, 95, 70];
const valuesB = [60, 75, 68, 80, 55, 72];

describe('twoSampleTTest', () => {
  it('Welch by default, matching R t.test(x, y)', () => {
    const result = twoSampleTTest({ valuesA, valuesB });
    assertClose({ actual: result.t, expected: 2.18787178569993, relative: 1e-12, label: 't' });
    assertClose({ actual: result.degreesOfFreedom, expected: 11.6979771493408, relative: 1e-12, label: 'df' });
    assertClose({ actual: result.pValue, expected: 0.0497513528789283, relative: 1e-10, label: 'p' });
    assertClose({ actual: result.lower, expected: 0.0152700673269919, relative: 1e-8, label: 'conf.int lower' });
    assertClose({ actual: result.upper, expected: 23.8180632660064, relative: 1e-10, label: 'conf.int upper' });
    assertClose({ actual: result.difference, expected: 143 / 12, relative: 1e-14, label: 'difference' });
  });
  it('Student pooled with equalVariances, matching R t.test(x, y, var.equal = TRUE)', () => {
    const result = twoSampleTTest({ valuesA, valuesB, equalVariances: true });
    assertClose({ actual: result.t, expected: 2.13744545748561, relative: 1e-12, label: 't' });
    assert.equal(result.degreesOfFreedom, 12);
    assertClose({ actual: result.pValue, expected: 0.0538357332210565, relative: 1e-10, label: 'p' });
    assertClose({ actual: result.lower, expected: -0.230631000869692, relative: 1e-9, label: 'conf.int lower' });
    assertClose({ actual: result.upper, expected: 24.063964334203, relative: 1e-10, label: 'conf.int upper' });
  });
  it('one-sided (R t.test(x, y, alternative = "greater"))', () => {
    const result = twoSampleTTest({ valuesA, valuesB, alternative: 'greater' });
    assertClose({ actual: result.pValue, expected: 0.0248756764394641, relative: 1e-10, label: 'p' });
    assert.equal(result.upper, Infinity);
  });
  it('gives NaN for two constant samples and rejects samples that are too small', () => {
    assert.ok(Number.isNaN(twoSampleTTest({ valuesA: [1, 1], valuesB: [2, 2] }).pValue));
    assert.throws(() => twoSampleTTest({ valuesA: [1], valuesB: [2, 3] }), UsageError);
    assert.throws(() => twoSampleTTest({ valuesA: [1, Number.NaN], valuesB: [2, 3] }), /finite/);
  });
});
