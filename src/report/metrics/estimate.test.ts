import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countEstimate, linearCombination, meanOfRates, starsFor } from './estimate.ts';
import { newcombeInterval } from '../../stats/index.ts';

describe('linear combinations of rates', () => {
  it('reduce to Newcombe\'s interval for a difference of two independent rates', () => {
    const a = countEstimate({ successes: 30, trials: 50 });
    const b = countEstimate({ successes: 12, trials: 40 });
    const combined = linearCombination({
      terms: [
        { coefficient: 1, rate: a, sample: 'a', component: 'd' },
        { coefficient: -1, rate: b, sample: 'b', component: 'd' },
      ],
    });
    const reference = newcombeInterval({ successesA: 30, trialsA: 50, successesB: 12, trialsB: 40 });
    assert.ok(Math.abs(combined.estimate! - 0.3) < 1e-12);
    assert.ok(Math.abs(combined.lower! - reference.lower) < 1e-9, `${combined.lower} vs ${reference.lower}`);
    assert.ok(Math.abs(combined.upper! - reference.upper) < 1e-9, `${combined.upper} vs ${reference.upper}`);
  });

  it('treat two views of one sample as fully correlated (wider than independent)', () => {
    const low = countEstimate({ successes: 5, trials: 20 });
    const high = countEstimate({ successes: 2, trials: 20 });
    const shared = linearCombination({ terms: [{ coefficient: 0.5, rate: low, sample: 's' }, { coefficient: 0.5, rate: high, sample: 's' }] });
    const apart = linearCombination({ terms: [{ coefficient: 0.5, rate: low, sample: 's1' }, { coefficient: 0.5, rate: high, sample: 's2' }] });
    assert.ok(shared.upper! - shared.lower! > apart.upper! - apart.lower!);
  });

  it('drop an undecided component and reweight the others, as the paper drops missing settings', () => {
    const rate = countEstimate({ successes: 4, trials: 10 });
    const empty = countEstimate({ successes: 0, trials: 0, undecided: 3 });
    const mean = meanOfRates({ rates: [{ rate, sample: 'x' }, { rate: empty, sample: 'y' }] });
    assert.equal(mean.estimate, 0.4);
    const both = meanOfRates({ rates: [{ rate, sample: 'x' }, { rate: countEstimate({ successes: 8, trials: 10 }), sample: 'y' }] });
    assert.ok(Math.abs(both.estimate! - 0.6) < 1e-12);
    assert.equal(both.test, 'fisher-combined');
  });
});

describe('stars', () => {
  it('follow the paper\'s thresholds', () => {
    assert.deepEqual([starsFor(0.2), starsFor(0.04), starsFor(0.009), starsFor(0.0009), starsFor(null)], ['', '*', '**', '***', '']);
  });

  it('mark a rate above zero with the one-sided binomial test against 0.001, and none for zero successes', () => {
    assert.equal(countEstimate({ successes: 0, trials: 100 }).pValue, 1);
    assert.equal(countEstimate({ successes: 3, trials: 100 }).stars, '***');
    assert.equal(countEstimate({ successes: 3, trials: 5 }).smallSample, true);
  });
});
