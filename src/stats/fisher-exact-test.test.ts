import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { fisherExactTest } from './index.ts';
import type { Alternative, TwoGroups } from './types.ts';

describe('fisherExactTest', () => {
  it('matches R fisher.test in all three directions', () => {
    // fisher.test(matrix(c(sA, tA - sA, sB, tB - sB), 2, byrow = TRUE), alternative = …)$p.value
    const cases: Array<[TwoGroups, Record<Alternative, number>]> = [
      // Fisher's tea-tasting table (R's ?fisher.test example): two-sided 0.4857, one-sided 0.2429.
      [{ successesA: 3, trialsA: 4, successesB: 1, trialsB: 4 }, { 'two-sided': 0.485714285714286, greater: 0.242857142857143, less: 0.985714285714286 }],
      [{ successesA: 12, trialsA: 20, successesB: 3, trialsB: 20 }, { 'two-sided': 0.00791169367365138, greater: 0.00395584683682568, less: 0.999614185932317 }],
      [{ successesA: 45, trialsA: 100, successesB: 30, trialsB: 100 }, { 'two-sided': 0.0405340065149827, greater: 0.0202670032574913, less: 0.990422279575705 }],
      [{ successesA: 2, trialsA: 15, successesB: 9, trialsB: 16 }, { 'two-sided': 0.0233334945430511, greater: 0.998529767374377, less: 0.0156566877851397 }],
      [{ successesA: 10, trialsA: 10, successesB: 0, trialsB: 10 }, { 'two-sided': 1.0825088224469e-5, greater: 5.41254411223451e-6, less: 1 }],
      [{ successesA: 1, trialsA: 300, successesB: 7, trialsB: 250 }, { 'two-sided': 0.0261347259631405, greater: 0.998287247980653, less: 0.0186288213462315 }],
    ];
    for (const [groups, expected] of cases) {
      for (const alternative of ['two-sided', 'greater', 'less'] as const) {
        const label = `${groups.successesA}/${groups.trialsA} vs ${groups.successesB}/${groups.trialsB} ${alternative}`;
        assertClose({ actual: fisherExactTest({ ...groups, alternative }).pValue, expected: expected[alternative], relative: 1e-10, label });
      }
    }
  });
  it('counts tables as likely as the observed one despite rounding (R’s 1e-7 tolerance)', () => {
    // fisher.test(matrix(c(0, 2, 2, 3), 2, byrow = TRUE))$p.value and matrix(c(1, 1, 2, 6), …): both exactly 1
    assertClose({ actual: fisherExactTest({ successesA: 0, trialsA: 2, successesB: 2, trialsB: 5 }).pValue, expected: 1, absolute: 1e-12, label: '0/2 vs 2/5' });
    assertClose({ actual: fisherExactTest({ successesA: 1, trialsA: 2, successesB: 2, trialsB: 8 }).pValue, expected: 1, absolute: 1e-12, label: '1/2 vs 2/8' });
  });
  it('defaults to two-sided and reports the sample odds ratio', () => {
    const result = fisherExactTest({ successesA: 12, trialsA: 20, successesB: 3, trialsB: 20 });
    assertClose({ actual: result.pValue, expected: 0.00791169367365138, relative: 1e-10, label: 'default' });
    assertClose({ actual: result.oddsRatio, expected: (12 * 17) / (8 * 3), relative: 1e-15, label: 'odds ratio' });
    assert.equal(fisherExactTest({ successesA: 10, trialsA: 10, successesB: 0, trialsB: 10 }).oddsRatio, Infinity);
  });
  it('gives p = 1 for tables with nothing to test', () => {
    assert.equal(fisherExactTest({ successesA: 0, trialsA: 10, successesB: 0, trialsB: 10 }).pValue, 1);
    assert.equal(fisherExactTest({ successesA: 0, trialsA: 0, successesB: 0, trialsB: 0 }).pValue, 1);
  });
  it('rejects impossible counts', () => {
    assert.throws(() => fisherExactTest({ successesA: 3, trialsA: 2, successesB: 0, trialsB: 2 }), UsageError);
  });
});
