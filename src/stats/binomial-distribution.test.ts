import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { binomialLowerTail, binomialProbability, binomialUpperTail } from './index.ts';

describe('binomial distribution', () => {
  it('matches R pbinom and dbinom', () => {
    // pbinom(2, 100, 0.001, lower.tail = FALSE) = P(X ≥ 3)
    assertClose({ actual: binomialUpperTail({ successes: 3, trials: 100, rate: 0.001 }), expected: 0.000150376365854212, relative: 1e-11, label: 'P(X ≥ 3)' });
    assertClose({ actual: binomialLowerTail({ successes: 10, trials: 30, rate: 0.3 }), expected: 0.730370386302723, relative: 1e-12, label: 'pbinom(10, 30, 0.3)' });
    assertClose({ actual: binomialProbability({ successes: 4, trials: 12, rate: 0.25 }), expected: 0.193577706813812, relative: 1e-12, label: 'dbinom(4, 12, 0.25)' });
  });
  it('handles the edges of the support', () => {
    assert.equal(binomialUpperTail({ successes: 0, trials: 10, rate: 0.3 }), 1);
    assert.equal(binomialUpperTail({ successes: 11, trials: 10, rate: 0.3 }), 0);
    assert.equal(binomialLowerTail({ successes: 10, trials: 10, rate: 0.3 }), 1);
    assert.equal(binomialProbability({ successes: 0, trials: 5, rate: 0 }), 1);
  });
  it('rejects a rate outside [0, 1]', () => {
    assert.throws(() => binomialUpperTail({ successes: 1, trials: 10, rate: 2 }), UsageError);
  });
});
