import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { normalCdf, normalQuantile, normalSurvival, twoSidedCriticalValue } from './index.ts';

describe('normal distribution', () => {
  it('CDF matches R pnorm, including the far tail', () => {
    // pnorm(c(-8, -1.96, 0.5, 3))
    const cases: Array<[number, number]> = [
      [-8, 6.22096057427178e-16],
      [-1.96, 0.0249978951482204],
      [0.5, 0.691462461274013],
      [3, 0.99865010196837],
    ];
    for (const [value, expected] of cases) assertClose({ actual: normalCdf({ value }), expected, relative: 1e-12, label: `pnorm(${value})` });
    assert.equal(normalCdf({ value: 0 }), 0.5);
    assertClose({ actual: normalSurvival({ value: 8 }), expected: 6.22096057427178e-16, relative: 1e-12, label: 'pnorm(8, lower.tail = FALSE)' });
  });
  it('quantile matches R qnorm from 1e-10 to 1 − 1e-6', () => {
    // qnorm(c(1e-10, 0.001, 0.025, 0.3, 0.975, 0.999999))
    const cases: Array<[number, number]> = [
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.025, -1.959963984540054],
      [0.3, -0.524400512708041],
      [0.975, 1.959963984540054],
      [0.999999, 4.753424308817089],
    ];
    for (const [probability, expected] of cases) {
      assertClose({ actual: normalQuantile({ probability }), expected, relative: 1e-12, label: `qnorm(${probability})` });
    }
    assert.equal(normalQuantile({ probability: 0.5 }), 0);
    assert.equal(normalQuantile({ probability: 0 }), -Infinity);
    assertClose({ actual: twoSidedCriticalValue({ confidence: 0.95 }), expected: 1.959963984540054, relative: 1e-13, label: 'qnorm(0.975)' });
  });
  it('rejects a probability outside [0, 1]', () => {
    assert.throws(() => normalQuantile({ probability: 1.5 }), UsageError);
  });
});
