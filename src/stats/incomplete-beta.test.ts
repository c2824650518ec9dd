import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { betaQuantile, regularizedBeta, regularizedBetaUpper } from './index.ts';

describe('incomplete beta', () => {
  it('matches R pbeta, including large and U-shaped parameters', () => {
    const cases: Array<[number, number, number, number, string]> = [
      [0.3, 2.5, 7, 0.641222462971721, 'pbeta(0.3, 2.5, 7)'],
      [0.9, 50, 3, 0.0966332851372521, 'pbeta(0.9, 50, 3)'],
      [0.01, 0.5, 0.5, 0.0637685608585198, 'pbeta(0.01, 0.5, 0.5)'],
      [0.48, 1000, 1000, 0.0367794832786396, 'pbeta(0.48, 1000, 1000)'],
    ];
    for (const [value, alpha, beta, expected, label] of cases) assertClose({ actual: regularizedBeta({ value, alpha, beta }), expected, relative: 1e-11, label });
    assertClose({ actual: regularizedBetaUpper({ value: 0.3, alpha: 2.5, beta: 7 }), expected: 1 - 0.641222462971721, relative: 1e-11, label: 'upper tail' });
  });
  it('quantile matches R qbeta, down to tiny quantiles', () => {
    assertClose({ actual: betaQuantile({ probability: 0.025, alpha: 2.5, beta: 7 }), expected: 0.052422577666035, relative: 1e-12, label: 'qbeta(0.025, 2.5, 7)' });
    assertClose({ actual: betaQuantile({ probability: 0.975, alpha: 82, beta: 183 }), expected: 0.366290593522374, relative: 1e-12, label: 'qbeta(0.975, 82, 183)' });
    assertClose({ actual: betaQuantile({ probability: 1e-6, alpha: 1, beta: 99 }), expected: 1.01010151005033e-8, relative: 1e-10, label: 'qbeta(1e-6, 1, 99)' });
  });
  it('rejects bad shape parameters and probabilities', () => {
    assert.throws(() => regularizedBeta({ value: 0.5, alpha: -1, beta: 2 }), UsageError);
    assert.throws(() => betaQuantile({ probability: -0.1, alpha: 1, beta: 2 }), UsageError);
  });
});
