import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { binomialTest } from './index.ts';

describe('binomialTest (the paper’s test that a rate is above zero)', () => {
  it('defaults to one-sided against p0 = 0.001 and matches R binom.test', () => {
    // binom.test(k, 100, p = 0.001, alternative = "greater")$p.value
    const cases: Array<[number, number]> = [
      [1, 0.095207852886291],
      [2, 0.00463806839042418],
      [3, 0.000150376365854212],
      [15, 2.33928125042789e-28],
    ];
    for (const [successes, expected] of cases) {
      assertClose({ actual: binomialTest({ successes, trials: 100 }).pValue, expected, relative: 1e-9, label: `${successes}/100` });
    }
  });
  it('returns p = 1 for zero successes, as the paper’s code did', () => {
    assert.equal(binomialTest({ successes: 0, trials: 100 }).pValue, 1);
    assert.equal(binomialTest({ successes: 0, trials: 5, nullRate: 0.001, alternative: 'greater' }).pValue, 1);
  });
  it('supports the other directions (R binom.test)', () => {
    assertClose({ actual: binomialTest({ successes: 3, trials: 100, alternative: 'less' }).pValue, expected: 0.999996368318299, relative: 1e-12, label: 'less' });
    assertClose({ actual: binomialTest({ successes: 7, trials: 20, nullRate: 0.3, alternative: 'two-sided' }).pValue, expected: 0.629497966676677, relative: 1e-12, label: 'binom.test(7, 20, p = 0.3)' });
    // binom.test(2, 8) and binom.test(0, 10): the mirror outcome is as likely, and rounding must not drop it
    assertClose({ actual: binomialTest({ successes: 2, trials: 8, nullRate: 0.5, alternative: 'two-sided' }).pValue, expected: 0.2890625, relative: 1e-12, label: 'binom.test(2, 8)' });
    assertClose({ actual: binomialTest({ successes: 0, trials: 10, nullRate: 0.5, alternative: 'two-sided' }).pValue, expected: 0.001953125, relative: 1e-12, label: 'binom.test(0, 10)' });
    assertClose({ actual: binomialTest({ successes: 1, trials: 40, nullRate: 0.2, alternative: 'two-sided' }).pValue, expected: 0.00245316981534935, relative: 1e-10, label: 'binom.test(1, 40, p = 0.2)' });
  });
  it('rejects impossible counts and null rates', () => {
    assert.throws(() => binomialTest({ successes: 101, trials: 100 }), UsageError);
    assert.throws(() => binomialTest({ successes: 1, trials: 100, nullRate: 0 }), /nullRate/);
  });
});
