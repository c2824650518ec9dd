import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { planSampleSize } from './index.ts';

describe('planSampleSize', () => {
  it('matches R power.prop.test (solved to tol = 1e-12)', () => {
    // power.prop.test(p1 = 0.5, p2 = 0.6, power = 0.8, tol = 1e-12)$n
    const plan = planSampleSize({ detect: 0.1, power: 0.8 });
    assertClose({ actual: plan.exact, expected: 387.338516699036, relative: 1e-9, label: '0.5 vs 0.6' });
    assert.deepEqual([plan.trialsPerCell, plan.rateA, plan.rateB], [388, 0.5, 0.6]);
    // power.prop.test(p1 = 0.1, p2 = 0.2, power = 0.9, sig.level = 0.01, tol = 1e-12)$n
    const strict = planSampleSize({ detect: 0.1, power: 0.9, alpha: 0.01, baseline: 0.1 });
    assertClose({ actual: strict.exact, expected: 376.944485433902, relative: 1e-8, label: '0.1 vs 0.2' });
    assert.equal(strict.trialsPerCell, 377);
  });
  it('turns down from a baseline near 1, and the centred pair is the true worst case', () => {
    // power.prop.test(p1 = 0.95, p2 = 0.85, power = 0.8, tol = 1e-12)$n
    const high = planSampleSize({ detect: 0.1, baseline: 0.95 });
    assertClose({ actual: high.rateB, expected: 0.85, absolute: 1e-12, label: 'rateB' });
    assertClose({ actual: high.exact, expected: 140.095089861427, relative: 1e-9, label: '0.95 vs 0.85' });
    // power.prop.test(p1 = 0.45, p2 = 0.55, power = 0.8, tol = 1e-12)$n
    const centred = planSampleSize({ detect: 0.1, baseline: 0.45 });
    assertClose({ actual: centred.exact, expected: 391.262977605147, relative: 1e-9, label: '0.45 vs 0.55' });
    assert.ok(centred.trialsPerCell > planSampleSize({ detect: 0.1 }).trialsPerCell);
  });
  it('rejects impossible inputs', () => {
    assert.throws(() => planSampleSize({ detect: 0 }), UsageError);
    assert.throws(() => planSampleSize({ detect: 0.1, power: 1 }), /power/);
    assert.throws(() => planSampleSize({ detect: 0.1, alpha: 0 }), /alpha/);
    assert.throws(() => planSampleSize({ detect: 0.6, baseline: 0.5 }), /does not fit/);
  });
});
