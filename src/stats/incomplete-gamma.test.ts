import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { chiSquareCdf, chiSquareSurvival, regularizedGammaP, regularizedGammaQ } from './index.ts';

describe('incomplete gamma and chi-square', () => {
  it('P(a, x) matches R pgamma on both sides of a + 1', () => {
    assertClose({ actual: regularizedGammaP({ shape: 2.5, value: 3 }), expected: 0.693781081586722, relative: 1e-12, label: 'pgamma(3, shape = 2.5)' });
    assertClose({ actual: regularizedGammaP({ shape: 60, value: 50 }), expected: 0.0922650519589331, relative: 1e-12, label: 'pgamma(50, shape = 60)' });
    assertClose({ actual: regularizedGammaQ({ shape: 60, value: 50 }), expected: 1 - 0.0922650519589331, relative: 1e-12, label: 'Q = 1 − P' });
  });
  it('chi-square tails match R pchisq', () => {
    // pchisq(q, df, lower.tail = FALSE)
    const cases: Array<[number, number, number]> = [
      [3.2, 1, 0.0736382701203028],
      [20, 6, 0.00276939571551158],
      [200, 150, 0.00397318597082161],
    ];
    for (const [value, degreesOfFreedom, expected] of cases) {
      assertClose({ actual: chiSquareSurvival({ value, degreesOfFreedom }), expected, relative: 1e-11, label: `pchisq(${value}, ${degreesOfFreedom}, lower.tail = FALSE)` });
    }
    assertClose({ actual: chiSquareCdf({ value: 0.5, degreesOfFreedom: 10 }), expected: 6.61171056103425e-6, relative: 1e-11, label: 'pchisq(0.5, 10)' });
    assert.equal(chiSquareSurvival({ value: 0, degreesOfFreedom: 3 }), 1);
  });
  it('rejects non-positive degrees of freedom', () => {
    assert.throws(() => chiSquareSurvival({ value: 1, degreesOfFreedom: 0 }), UsageError);
  });
});
