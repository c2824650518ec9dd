import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { wilsonInterval } from './index.ts';

const check = (options: { successes: number; trials: number; confidence?: number; continuityCorrection?: boolean }, lower: number, upper: number, label: string, absolute?: number) => {
  const interval = wilsonInterval(options);
  assertClose({ actual: interval.lower, expected: lower, absolute: absolute ?? (lower === 0 ? 0 : undefined), relative: 1e-12, label: `${label} lower` });
  assertClose({ actual: interval.upper, expected: upper, absolute, relative: 1e-12, label: `${label} upper` });
};

describe('wilsonInterval', () => {
  it('matches the published Newcombe (1998a) Table I examples, method 3', () => {
    // Newcombe RG. Two-sided confidence intervals for the single proportion. Stat Med 1998;17:857–872, Table I.
    check({ successes: 81, trials: 263 }, 0.2553, 0.3662, 'Newcombe 81/263', 5e-5);
    check({ successes: 15, trials: 148 }, 0.0624, 0.1605, 'Newcombe 15/148', 5e-5);
    check({ successes: 0, trials: 20 }, 0, 0.1611, 'Newcombe 0/20', 5e-5);
    check({ successes: 1, trials: 29 }, 0.0061, 0.1718, 'Newcombe 1/29', 5e-5);
  });
  it('matches R prop.test(x, n, correct = FALSE)$conf.int to full precision', () => {
    check({ successes: 81, trials: 263 }, 0.255288519878274, 0.3662095769828, 'prop.test(81, 263, correct = FALSE)');
    check({ successes: 15, trials: 148 }, 0.0623863995307363, 0.160487241723308, 'prop.test(15, 148, correct = FALSE)');
    check({ successes: 1, trials: 29 }, 0.00611321429276266, 0.171755218793203, 'prop.test(1, 29, correct = FALSE)');
    check({ successes: 0, trials: 20 }, 0, 0.161125158052819, 'prop.test(0, 20, correct = FALSE)');
    check({ successes: 20, trials: 20 }, 0.838874841947181, 1, 'prop.test(20, 20, correct = FALSE)');
    // Hand formula in R (see __fixtures__/reference-values.R): wilson(37, 50, conf = 0.99)
    check({ successes: 37, trials: 50, confidence: 0.99 }, 0.559139921586418, 0.86462707438912, 'wilson(37, 50, 0.99)');
  });
  it('with continuity correction matches Newcombe method 4 and R prop.test(x, n, correct = TRUE)', () => {
    check({ successes: 81, trials: 263, continuityCorrection: true }, 0.2535, 0.3682, 'Newcombe Table I 81/263 method 4', 5e-5);
    check({ successes: 81, trials: 263, continuityCorrection: true }, 0.253508682295185, 0.368176201043004, 'prop.test(81, 263)');
    check({ successes: 15, trials: 148, continuityCorrection: true }, 0.0597782084284981, 0.164449779364837, 'prop.test(15, 148)');
    check({ successes: 1, trials: 29, continuityCorrection: true }, 0.00180264021327967, 0.196281751009759, 'prop.test(1, 29)');
    check({ successes: 0, trials: 20, continuityCorrection: true }, 0, 0.200453345013487, 'prop.test(0, 20)');
    check({ successes: 20, trials: 20, continuityCorrection: true }, 0.799546654986513, 1, 'prop.test(20, 20)');
    check({ successes: 37, trials: 50, confidence: 0.9, continuityCorrection: true }, 0.61691569206423, 0.836109443724761, 'prop.test(37, 50, conf.level = 0.9)');
  });
  it('returns the observed rate and [0, 1] with no trials', () => {
    assert.equal(wilsonInterval({ successes: 81, trials: 263 }).estimate, 81 / 263);
    const empty = wilsonInterval({ successes: 0, trials: 0 });
    assert.ok(Number.isNaN(empty.estimate));
    assert.deepEqual([empty.lower, empty.upper], [0, 1]);
  });
  it('rejects impossible counts and confidence levels', () => {
    assert.throws(() => wilsonInterval({ successes: 5, trials: 3 }), UsageError);
    assert.throws(() => wilsonInterval({ successes: 1.5, trials: 3 }), /0 ≤ successes ≤ trials/);
    assert.throws(() => wilsonInterval({ successes: -1, trials: 3 }), UsageError);
    assert.throws(() => wilsonInterval({ successes: 1, trials: 3, confidence: 95 }), /confidence/);
  });
});
