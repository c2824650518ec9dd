// Reference values come from R 4.2 (Debian r-base-core) unless noted; the R call is beside each value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../util/index.ts';
import {
  betaQuantile,
  binomialTest,
  chiSquareSurvival,
  clopperPearsonInterval,
  fisherCombinedPValue,
  fisherExactTest,
  holmAdjust,
  mcNemarTest,
  newcombeInterval,
  normalCdf,
  normalQuantile,
  pairedDifferenceInterval,
  planSampleSize,
  regularizedBeta,
  shouldStopCell,
  significanceStars,
  trialsForIntervalWidth,
  twoProportionZTest,
  wilsonInterval,
} from './index.ts';

const close = (actual: number, expected: number, tolerance = 1e-6, label = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${label} ${actual} ≠ ${expected}`);

describe('distributions', () => {
  it('normal quantile and tail', () => {
    close(normalQuantile(0.975), 1.95996398454005); // qnorm(0.975)
    close(normalQuantile(1e-10), -6.36134090240406); // qnorm(1e-10)
    assert.ok(Math.abs(normalCdf(-8) - 6.22096057427178e-16) < 1e-20); // pnorm(-8)
  });
  it('beta and chi-square', () => {
    close(betaQuantile(0.025, 2.5, 7), 0.052422577666035); // qbeta(0.025, 2.5, 7)
    close(regularizedBeta(0.3, 2.5, 7), 0.641222462971721); // pbeta(0.3, 2.5, 7)
    close(chiSquareSurvival(3.2, 1), 0.0736382701203028); // pchisq(3.2, 1, lower.tail = FALSE)
  });
});

describe('intervals for one rate', () => {
  it('Wilson matches Newcombe (1998) Table I and R', () => {
    const a = wilsonInterval({ successes: 81, trials: 263 });
    close(a.lower, 0.2553, 5e-4, 'Newcombe 1998 81/263');
    close(a.upper, 0.3662, 5e-4);
    const b = wilsonInterval({ successes: 15, trials: 148 });
    close(b.lower, 0.0623863995307363); // closed form in R
    close(b.upper, 0.160487241723308);
    assert.deepEqual(wilsonInterval({ successes: 0, trials: 20 }).lower, 0);
  });
  it('Clopper–Pearson matches binom.test', () => {
    const a = clopperPearsonInterval({ successes: 15, trials: 148 });
    close(a.lower, 0.0578440100834486); // binom.test(15, 148)$conf.int
    close(a.upper, 0.161650490349479);
    close(clopperPearsonInterval({ successes: 0, trials: 20 }).upper, 0.168433470983085); // binom.test(0, 20)
    const c = clopperPearsonInterval({ successes: 1, trials: 29 });
    close(c.lower, 0.000872646883579923); // binom.test(1, 29)
    close(c.upper, 0.177644295488723);
  });
  it('rejects impossible counts', () => {
    assert.throws(() => wilsonInterval({ successes: 5, trials: 3 }), /0 ≤ successes ≤ trials/);
    assert.throws(() => clopperPearsonInterval({ successes: -1, trials: 3 }), /successes/);
  });
});

describe('differences of two rates', () => {
  it('Newcombe method 10 matches Newcombe (1998) Table II example (a)', () => {
    const interval = newcombeInterval({ successesA: 56, trialsA: 70, successesB: 48, trialsB: 80 });
    close(interval.difference, 0.2);
    close(interval.lower, 0.0524, 5e-4);
    close(interval.upper, 0.3339, 5e-4);
  });
  it('Fisher exact matches fisher.test', () => {
    close(fisherExactTest({ successesA: 3, trialsA: 4, successesB: 1, trialsB: 4 }).pValue, 0.485714285714286);
    close(fisherExactTest({ successesA: 12, trialsA: 20, successesB: 3, trialsB: 20 }).pValue, 0.00791169367365137);
    close(fisherExactTest({ successesA: 12, trialsA: 20, successesB: 3, trialsB: 20, alternative: 'greater' }).pValue, 0.00395584683682568);
  });
  it('pooled two-proportion z-test matches prop.test without correction', () => {
    close(twoProportionZTest({ successesA: 30, trialsA: 100, successesB: 20, trialsB: 100 }).pValue, 0.102470434859749);
    close(twoProportionZTest({ successesA: 99, trialsA: 300, successesB: 45, trialsB: 300 }).pValue, 2.44515951785572e-7, 1e-6);
    assert.deepEqual(twoProportionZTest({ successesA: 0, trialsA: 10, successesB: 0, trialsB: 10 }), { z: 0, pValue: 1 });
  });
});

describe('the paper’s tests', () => {
  it('one-sided binomial against 0.001 matches binom.test, and gives 1 for zero successes', () => {
    close(binomialTest({ successes: 3, trials: 100 }).pValue, 0.000150376365854212); // binom.test(3, 100, p = 0.001, alternative = "greater")
    close(binomialTest({ successes: 1, trials: 100 }).pValue, 0.095207852886291);
    assert.equal(binomialTest({ successes: 0, trials: 100 }).pValue, 1);
    close(binomialTest({ successes: 7, trials: 20, nullRate: 0.3, alternative: 'two-sided' }).pValue, 0.629497966676677); // binom.test(7, 20, p = 0.3)
  });
  it('Fisher’s combined p matches pchisq, and clamps p at 1e-10', () => {
    close(fisherCombinedPValue({ pValues: [0.01, 0.2, 0.5] }).pValue, 0.0317662967761349); // pchisq(-2*sum(log(p)), 6, lower.tail = FALSE)
    close(fisherCombinedPValue({ pValues: [0] }).statistic, -2 * Math.log(1e-10));
  });
  it('stars', () => {
    assert.deepEqual([0.2, 0.04, 0.009, 0.0009].map((pValue) => significanceStars({ pValue })), ['', '*', '**', '***']);
  });
});

describe('paired and multiple comparisons', () => {
  it('McNemar: exact for few discordant pairs, χ² with correction otherwise (mcnemar.test)', () => {
    const exact = mcNemarTest({ onlyA: 10, onlyB: 3 });
    assert.equal(exact.method, 'exact');
    close(exact.pValue, 0.09228515625); // binom.test(10, 13)
    const chi = mcNemarTest({ onlyA: 30, onlyB: 12 });
    assert.equal(chi.method, 'chi-square');
    close(chi.pValue, 0.00871191296237958); // mcnemar.test(matrix(c(50, 12, 30, 8), 2))
    assert.equal(mcNemarTest({ onlyA: 0, onlyB: 0 }).pValue, 1);
  });
  it('Holm matches p.adjust', () => {
    assert.deepEqual(holmAdjust({ pValues: [0.01, 0.04, 0.03, 0.005, 0.2] }).map((value) => Number(value.toFixed(12))), [0.04, 0.09, 0.09, 0.025, 0.2]);
  });
  it('paired difference interval contains the difference and narrows with positive correlation', () => {
    const correlated = pairedDifferenceInterval({ bothTrue: 40, onlyA: 10, onlyB: 2, neither: 48 });
    const independentLike = newcombeInterval({ successesA: 50, trialsA: 100, successesB: 42, trialsB: 100 });
    close(correlated.difference, 0.08);
    assert.ok(correlated.lower < 0.08 && correlated.upper > 0.08);
    assert.ok(correlated.upper - correlated.lower < independentLike.upper - independentLike.lower);
  });
});

describe('planning and sequential stopping', () => {
  it('sample size matches power.prop.test', () => {
    const plan = planSampleSize({ detect: 0.1, power: 0.8 });
    close(plan.exact, 387.338516695594); // power.prop.test(p1 = 0.5, p2 = 0.6, power = 0.8)$n
    assert.equal(plan.trialsPerCell, 388);
    close(planSampleSize({ detect: 0.1, power: 0.9, alpha: 0.01, baseline: 0.1 }).exact, 376.944486003667);
  });
  it('trials for a width: the first n whose Wilson interval at 0.5 is that narrow', () => {
    const trials = trialsForIntervalWidth({ width: 0.2 });
    assert.equal(trials, 93); // hand check: width 0.19918 at n = 93, 0.20021 at n = 92
    const width = (n: number) => wilsonInterval({ successes: n / 2, trials: n }).upper - wilsonInterval({ successes: n / 2, trials: n }).lower;
    assert.ok(width(92) > 0.2 && width(94) <= 0.2);
    assert.ok(trialsForIntervalWidth({ width: 0.2, rate: 0.05 }) < trials);
  });
  it('stops a certain cell early and an uncertain one only at the maximum', () => {
    assert.deepEqual(shouldStopCell({ successes: 0, trials: 40, maxWidth: 0.1, minTrials: 10, maxTrials: 100 }).reason, 'width');
    assert.equal(shouldStopCell({ successes: 20, trials: 40, maxWidth: 0.1, minTrials: 10, maxTrials: 100 }).stop, false);
    assert.equal(shouldStopCell({ successes: 50, trials: 100, maxWidth: 0.1, minTrials: 10, maxTrials: 100 }).reason, 'max-trials');
  });
});

describe('coverage of 95% intervals in repeated samples', () => {
  it('Wilson covers 93–97% and Clopper–Pearson at least 94% (n = 100, 4,000 samples per rate)', () => {
    const random = createRandom(20261123);
    const rates = [0.05, 0.3, 0.5];
    let wilsonHits = 0;
    let exactHits = 0;
    let samples = 0;
    for (const rate of rates) {
      for (let sample = 0; sample < 4000; sample += 1) {
        let successes = 0;
        for (let trial = 0; trial < 100; trial += 1) if (random() < rate) successes += 1;
        const wilson = wilsonInterval({ successes, trials: 100 });
        const exact = clopperPearsonInterval({ successes, trials: 100 });
        if (wilson.lower <= rate && rate <= wilson.upper) wilsonHits += 1;
        if (exact.lower <= rate && rate <= exact.upper) exactHits += 1;
        samples += 1;
      }
    }
    const wilsonCoverage = wilsonHits / samples;
    const exactCoverage = exactHits / samples;
    assert.ok(wilsonCoverage >= 0.93 && wilsonCoverage <= 0.97, `Wilson coverage ${wilsonCoverage}`);
    assert.ok(exactCoverage >= 0.94 && exactCoverage <= 0.99, `Clopper–Pearson coverage ${exactCoverage}`);
  });
  it('the paired difference interval covers the true difference 93–97% of the time', () => {
    const random = createRandom(7);
    let hits = 0;
    const samples = 3000;
    // Outcomes under A and B with P(A) = 0.4, P(B) = 0.3 and positive correlation.
    for (let sample = 0; sample < samples; sample += 1) {
      const counts = { bothTrue: 0, onlyA: 0, onlyB: 0, neither: 0 };
      for (let trial = 0; trial < 100; trial += 1) {
        const draw = random();
        if (draw < 0.25) counts.bothTrue += 1;
        else if (draw < 0.4) counts.onlyA += 1;
        else if (draw < 0.45) counts.onlyB += 1;
        else counts.neither += 1;
      }
      const interval = pairedDifferenceInterval(counts);
      if (interval.lower <= 0.1 && 0.1 <= interval.upper) hits += 1;
    }
    const coverage = hits / samples;
    assert.ok(coverage >= 0.93 && coverage <= 0.97, `paired coverage ${coverage}`);
  });
});
