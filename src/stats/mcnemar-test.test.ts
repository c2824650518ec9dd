import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { mcNemarTest } from './index.ts';

describe('mcNemarTest', () => {
  it('uses the exact binomial test below 25 discordant pairs (R binom.test)', () => {
    const a = mcNemarTest({ onlyA: 10, onlyB: 3 });
    assert.equal(a.method, 'exact');
    assert.equal(a.statistic, null);
    assertClose({ actual: a.pValue, expected: 0.09228515625, relative: 1e-12, label: 'binom.test(10, 13)' });
    assertClose({ actual: mcNemarTest({ onlyA: 3, onlyB: 7 }).pValue, expected: 0.34375, relative: 1e-12, label: 'binom.test(3, 10)' });
    assert.equal(mcNemarTest({ onlyA: 5, onlyB: 5 }).pValue, 1);
    assert.equal(mcNemarTest({ onlyA: 12, onlyB: 12 }).method, 'exact');
    assert.equal(mcNemarTest({ onlyA: 13, onlyB: 12 }).method, 'chi-square');
  });
  it('uses χ² with continuity correction from 25 discordant pairs (R mcnemar.test)', () => {
    const b = mcNemarTest({ onlyA: 30, onlyB: 12 });
    assert.equal(b.method, 'chi-square');
    // mcnemar.test(matrix(c(50, 12, 30, 8), 2))
    assertClose({ actual: b.statistic!, expected: 6.88095238095238, relative: 1e-13, label: 'X-squared' });
    assertClose({ actual: b.pValue, expected: 0.00871191296237958, relative: 1e-11, label: 'p' });
    // mcnemar.test(matrix(c(40, 20, 20, 20), 2)) and matrix(c(40, 14, 15, 20), 2): X-squared 0, p 1
    assert.deepEqual(mcNemarTest({ onlyA: 20, onlyB: 20 }), { pValue: 1, method: 'chi-square', statistic: 0 });
    assert.deepEqual(mcNemarTest({ onlyA: 14, onlyB: 15 }), { pValue: 1, method: 'chi-square', statistic: 0 });
  });
  it('lets the caller force either method', () => {
    // mcnemar.test(matrix(c(5, 3, 10, 7), 2))
    const chi = mcNemarTest({ onlyA: 10, onlyB: 3, method: 'chi-square' });
    assertClose({ actual: chi.statistic!, expected: 2.76923076923077, relative: 1e-13, label: 'X-squared' });
    assertClose({ actual: chi.pValue, expected: 0.0960923294556731, relative: 1e-11, label: 'p' });
    // binom.test(30, 42)
    assertClose({ actual: mcNemarTest({ onlyA: 30, onlyB: 12, method: 'exact' }).pValue, expected: 0.00791589733489674, relative: 1e-10, label: 'exact' });
  });
  it('gives p = 1 without discordant pairs and rejects bad counts', () => {
    assert.equal(mcNemarTest({ onlyA: 0, onlyB: 0 }).pValue, 1);
    assert.throws(() => mcNemarTest({ onlyA: -1, onlyB: 2 }), UsageError);
  });
});
