import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './__fixtures__/assert-close.ts';
import { logChoose, logGamma } from './index.ts';

describe('logGamma', () => {
  it('matches R lgamma from 0.1 to 1e5', () => {
    // lgamma(c(0.1, 0.5, 2.5, 10, 171.5, 1e5))
    const cases: Array<[number, number]> = [
      [0.1, 2.25271265173421],
      [0.5, 0.5723649429247],
      [2.5, 0.284682870472919],
      [10, 12.8018274800815],
      [171.5, 709.143163030928],
      [1e5, 1051287.70897366],
    ];
    for (const [value, expected] of cases) assertClose({ actual: logGamma({ value }), expected, relative: 1e-13, label: `lgamma(${value})` });
    assertClose({ actual: logGamma({ value: 1 }), expected: 0, absolute: 1e-14, label: 'lgamma(1)' }); // lgamma(1)
  });
  it('gives binomial coefficients', () => {
    assert.equal(Math.round(Math.exp(logChoose({ total: 10, chosen: 3 }))), 120);
    assertClose({ actual: logChoose({ total: 300, chosen: 150 }), expected: 204.865638246221, relative: 1e-12, label: 'lchoose(300, 150)' }); // lchoose(300, 150)
  });
});
