import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { describeStoppingRule, intervalWidth, shouldStopCell } from './index.ts';

const rule = { maxWidth: 0.1, minTrials: 10, maxTrials: 100 };

describe('sequential stopping', () => {
  it('measures the 95% Wilson width (R hand formula)', () => {
    assertClose({ actual: intervalWidth({ successes: 20, trials: 40 }), expected: 0.296009461330692, relative: 1e-12, label: 'diff(wilson(20, 40))' });
    assertClose({ actual: intervalWidth({ successes: 0, trials: 35 }), expected: 0.098900992324404, relative: 1e-12, label: 'diff(wilson(0, 35))' });
    assert.equal(intervalWidth({ successes: 0, trials: 0 }), 1);
  });
  it('stops a certain cell once its interval is narrow enough', () => {
    // 0 of 34 is 0.1015 wide, 0 of 35 is 0.0989 wide.
    assert.deepEqual(shouldStopCell({ successes: 0, trials: 34, ...rule }).stop, false);
    const stopped = shouldStopCell({ successes: 0, trials: 35, ...rule });
    assert.deepEqual([stopped.stop, stopped.reason], [true, 'width']);
    assertClose({ actual: stopped.width, expected: 0.098900992324404, relative: 1e-12, label: 'width' });
  });
  it('waits for minTrials and stops an uncertain cell only at maxTrials', () => {
    assert.equal(shouldStopCell({ successes: 0, trials: 40, maxWidth: 0.1, minTrials: 50, maxTrials: 100 }).stop, false);
    assert.deepEqual(shouldStopCell({ successes: 20, trials: 40, ...rule }), { stop: false, reason: null, width: intervalWidth({ successes: 20, trials: 40 }) });
    assert.equal(shouldStopCell({ successes: 50, trials: 100, ...rule }).reason, 'max-trials');
    assert.equal(shouldStopCell({ successes: 0, trials: 100, ...rule }).reason, 'max-trials');
  });
  it('describes the rule for run headers and rejects inconsistent rules', () => {
    assert.equal(describeStoppingRule(rule), 'stop a cell when its 95% Wilson interval is narrower than 0.1 after at least 10 trials, or at 100 trials');
    assert.throws(() => shouldStopCell({ successes: 0, trials: 5, maxWidth: 0.1, minTrials: 20, maxTrials: 10 }), UsageError);
    assert.throws(() => shouldStopCell({ successes: 0, trials: 5, maxWidth: 0, minTrials: 1, maxTrials: 10 }), /maxWidth/);
    assert.throws(() => shouldStopCell({ successes: 6, trials: 5, ...rule }), UsageError);
  });
});
