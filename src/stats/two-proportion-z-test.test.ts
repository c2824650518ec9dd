import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { twoProportionZTest } from './index.ts';
import type { TwoGroups } from './types.ts';

describe('twoProportionZTest (the paper’s test for a difference)', () => {
  it('matches R prop.test(…, correct = FALSE): z = ±√X-squared and its p-value', () => {
    // prop.test(c(sA, sB), c(nA, nB), correct = FALSE)
    const cases: Array<[TwoGroups, number, number]> = [
      [{ successesA: 30, trialsA: 100, successesB: 20, trialsB: 100 }, 1.632993161855452, 0.102470434859749],
      [{ successesA: 99, trialsA: 300, successesB: 45, trialsB: 300 }, 5.16185401208764, 2.44515951785572e-7],
      [{ successesA: 5, trialsA: 40, successesB: 12, trialsB: 35 }, -2.248164034094462, 0.024565732134425],
    ];
    for (const [groups, z, pValue] of cases) {
      const result = twoProportionZTest(groups);
      const label = `${groups.successesA}/${groups.trialsA} vs ${groups.successesB}/${groups.trialsB}`;
      assertClose({ actual: result.z, expected: z, relative: 1e-12, label: `${label} z` });
      assertClose({ actual: result.pValue, expected: pValue, relative: 1e-10, label: `${label} p` });
    }
  });
  it('gives z = 0 and p = 1 without variance, NaN without trials', () => {
    assert.deepEqual(twoProportionZTest({ successesA: 0, trialsA: 10, successesB: 0, trialsB: 10 }), { z: 0, pValue: 1 });
    assert.deepEqual(twoProportionZTest({ successesA: 10, trialsA: 10, successesB: 5, trialsB: 5 }), { z: 0, pValue: 1 });
    assert.ok(Number.isNaN(twoProportionZTest({ successesA: 0, trialsA: 0, successesB: 1, trialsB: 5 }).pValue));
  });
  it('rejects impossible counts', () => {
    assert.throws(() => twoProportionZTest({ successesA: 1, trialsA: 0, successesB: 0, trialsB: 1 }), UsageError);
  });
});
