import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { newcombeInterval } from './index.ts';
import type { TwoGroups } from './types.ts';

describe('newcombeInterval', () => {
  it('matches the published Newcombe (1998b) Table II examples, method 10', () => {
    // Newcombe RG. Interval estimation for the difference between independent proportions: comparison of eleven
    // methods. Stat Med 1998;17:873–890, Table II (limits to 4 decimals). Recomputed in R by hand formula too.
    const cases: Array<[TwoGroups, number, number, number]> = [
      [{ successesA: 56, trialsA: 70, successesB: 48, trialsB: 80 }, 0.2, 0.0524, 0.3339],
      [{ successesA: 9, trialsA: 10, successesB: 3, trialsB: 10 }, 0.6, 0.1705, 0.809],
      [{ successesA: 5, trialsA: 56, successesB: 0, trialsB: 29 }, 5 / 56, -0.0381, 0.1926],
      [{ successesA: 0, trialsA: 10, successesB: 0, trialsB: 20 }, 0, -0.1611, 0.2775],
      [{ successesA: 0, trialsA: 10, successesB: 0, trialsB: 10 }, 0, -0.2775, 0.2775],
      [{ successesA: 10, trialsA: 10, successesB: 0, trialsB: 20 }, 1, 0.6791, 1],
      [{ successesA: 10, trialsA: 10, successesB: 0, trialsB: 10 }, 1, 0.6075, 1],
    ];
    for (const [groups, difference, lower, upper] of cases) {
      const interval = newcombeInterval(groups);
      const label = `${groups.successesA}/${groups.trialsA} − ${groups.successesB}/${groups.trialsB}`;
      assertClose({ actual: interval.difference, expected: difference, absolute: 1e-12, label });
      assertClose({ actual: interval.lower, expected: lower, absolute: 5e-5, label: `${label} lower` });
      assertClose({ actual: interval.upper, expected: upper, absolute: 5e-5, label: `${label} upper` });
    }
  });
  it('matches the R hand formula to full precision', () => {
    // newcombe(56, 70, 48, 80) and newcombe(6, 7, 2, 7) in __fixtures__/reference-values.R
    const a = newcombeInterval({ successesA: 56, trialsA: 70, successesB: 48, trialsB: 80 });
    assertClose({ actual: a.lower, expected: 0.0524314724023649, relative: 1e-12, label: 'lower' });
    assertClose({ actual: a.upper, expected: 0.333872654036906, relative: 1e-12, label: 'upper' });
    const c = newcombeInterval({ successesA: 6, trialsA: 7, successesB: 2, trialsB: 7 });
    assertClose({ actual: c.lower, expected: 0.0582279274823123, relative: 1e-12, label: '6/7 − 2/7 lower' });
    assertClose({ actual: c.upper, expected: 0.806249637524228, relative: 1e-12, label: '6/7 − 2/7 upper' });
    // newcombe(30, 50, 12, 40, conf = 0.9)
    const d = newcombeInterval({ successesA: 30, trialsA: 50, successesB: 12, trialsB: 40, confidence: 0.9 });
    assertClose({ actual: d.lower, expected: 0.126566127232502, relative: 1e-12, label: '90% lower' });
    assertClose({ actual: d.upper, expected: 0.448042759825436, relative: 1e-12, label: '90% upper' });
  });
  it('is antisymmetric in A and B', () => {
    const forward = newcombeInterval({ successesA: 5, trialsA: 56, successesB: 0, trialsB: 29 });
    const backward = newcombeInterval({ successesA: 0, trialsA: 29, successesB: 5, trialsB: 56 });
    assertClose({ actual: backward.lower, expected: -forward.upper, absolute: 1e-15, label: 'lower' });
    assertClose({ actual: backward.upper, expected: -forward.lower, absolute: 1e-15, label: 'upper' });
  });
  it('returns NaN and [−1, 1] when a group has no trials, and rejects impossible counts', () => {
    const empty = newcombeInterval({ successesA: 0, trialsA: 0, successesB: 3, trialsB: 10 });
    assert.ok(Number.isNaN(empty.difference));
    assert.deepEqual([empty.lower, empty.upper], [-1, 1]);
    assert.throws(() => newcombeInterval({ successesA: 11, trialsA: 10, successesB: 3, trialsB: 10 }), UsageError);
  });
});
