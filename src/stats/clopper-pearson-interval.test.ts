import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { assertClose } from './__fixtures__/assert-close.ts';
import { clopperPearsonInterval, wilsonInterval } from './index.ts';

const check = (options: { successes: number; trials: number; confidence?: number }, lower: number, upper: number, label: string, absolute?: number) => {
  const interval = clopperPearsonInterval(options);
  assertClose({ actual: interval.lower, expected: lower, absolute: absolute ?? (lower === 0 ? 0 : undefined), relative: 1e-10, label: `${label} lower` });
  assertClose({ actual: interval.upper, expected: upper, absolute, relative: 1e-10, label: `${label} upper` });
};

describe('clopperPearsonInterval', () => {
  it('matches the published Newcombe (1998a) Table I examples, method 5', () => {
    check({ successes: 81, trials: 263 }, 0.2527, 0.3676, 'Newcombe 81/263', 5e-5);
    check({ successes: 15, trials: 148 }, 0.0578, 0.1617, 'Newcombe 15/148', 5e-5);
    check({ successes: 0, trials: 20 }, 0, 0.1684, 'Newcombe 0/20', 5e-5);
    check({ successes: 1, trials: 29 }, 0.0009, 0.1776, 'Newcombe 1/29', 5e-5);
  });
  it('matches R binom.test(x, n)$conf.int to full precision', () => {
    check({ successes: 81, trials: 263 }, 0.252736745585271, 0.367621922601351, 'binom.test(81, 263)');
    check({ successes: 15, trials: 148 }, 0.0578440100834486, 0.161650490349479, 'binom.test(15, 148)');
    check({ successes: 0, trials: 20 }, 0, 0.168433470983085, 'binom.test(0, 20)');
    check({ successes: 1, trials: 29 }, 0.000872646883579923, 0.177644295488723, 'binom.test(1, 29)');
    check({ successes: 20, trials: 20 }, 0.831566529016915, 1, 'binom.test(20, 20)');
    check({ successes: 37, trials: 50, confidence: 0.99 }, 0.552636236897152, 0.880320998387381, 'binom.test(37, 50, conf.level = 0.99)');
  });
  it('is wider than the Wilson interval (it is conservative)', () => {
    const exact = clopperPearsonInterval({ successes: 15, trials: 148 });
    const wilson = wilsonInterval({ successes: 15, trials: 148 });
    assert.ok(exact.upper - exact.lower > wilson.upper - wilson.lower);
  });
  it('rejects impossible counts', () => {
    assert.throws(() => clopperPearsonInterval({ successes: -1, trials: 3 }), UsageError);
    assert.throws(() => clopperPearsonInterval({ successes: 4, trials: 3 }), /successes/);
  });
});
