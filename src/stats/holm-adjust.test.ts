import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { holmAdjust } from './index.ts';

const rounded = (values: number[]) => values.map((value) => (Number.isNaN(value) ? value : Number(value.toFixed(12))));

describe('holmAdjust', () => {
  it('matches R p.adjust(p, "holm") in input order', () => {
    assert.deepEqual(rounded(holmAdjust({ pValues: [0.01, 0.04, 0.03, 0.005, 0.2] })), [0.04, 0.09, 0.09, 0.025, 0.2]);
    assert.deepEqual(rounded(holmAdjust({ pValues: [0.02, 0.02, 0.5, 0.001] })), [0.06, 0.06, 0.5, 0.004]);
    assert.deepEqual(rounded(holmAdjust({ pValues: [0.3, 0.4, 0.6] })), [0.9, 0.9, 0.9]);
  });
  it('leaves NaN in place and out of the family (p.adjust(c(0.01, NA, 0.02), "holm"))', () => {
    assert.deepEqual(rounded(holmAdjust({ pValues: [0.01, Number.NaN, 0.02] })), [0.02, Number.NaN, 0.02]);
    assert.deepEqual(holmAdjust({ pValues: [] }), []);
  });
  it('rejects p-values outside [0, 1]', () => {
    assert.throws(() => holmAdjust({ pValues: [0.2, 1.5] }), UsageError);
  });
});
