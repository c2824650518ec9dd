// Repeated-sampling checks: with a seeded generator, the 95% intervals must cover the true value about 95% of the
// time. A wrong formula (a missing square root, a z of 1.64, a swapped limit) moves coverage far outside the bands.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../util/index.ts';
import { clopperPearsonInterval, newcombeInterval, pairedDifferenceInterval, shouldStopCell, wilsonInterval } from './index.ts';

const binomialDraw = (random: () => number, trials: number, rate: number) => {
  let successes = 0;
  for (let trial = 0; trial < trials; trial += 1) if (random() < rate) successes += 1;
  return successes;
};

describe('coverage of 95% intervals in repeated samples', () => {
  it('Wilson covers 93–97% and Clopper–Pearson 94–99% (n = 100, p ∈ {0.05, 0.3, 0.5}, 4,000 samples each)', () => {
    const random = createRandom(20261123);
    const rates = [0.05, 0.3, 0.5];
    const samples = 4000;
    let wilsonHits = 0;
    let exactHits = 0;
    const exactByRate: number[] = [];
    for (const rate of rates) {
      let exactHitsAtRate = 0;
      for (let sample = 0; sample < samples; sample += 1) {
        const successes = binomialDraw(random, 100, rate);
        const wilson = wilsonInterval({ successes, trials: 100 });
        const exact = clopperPearsonInterval({ successes, trials: 100 });
        if (wilson.lower <= rate && rate <= wilson.upper) wilsonHits += 1;
        if (exact.lower <= rate && rate <= exact.upper) exactHitsAtRate += 1;
      }
      exactByRate.push(exactHitsAtRate / samples);
      exactHits += exactHitsAtRate;
    }
    const wilsonCoverage = wilsonHits / (samples * rates.length);
    const exactCoverage = exactHits / (samples * rates.length);
    assert.ok(wilsonCoverage >= 0.93 && wilsonCoverage <= 0.97, `Wilson coverage ${wilsonCoverage}`);
    assert.ok(exactCoverage >= 0.94 && exactCoverage <= 0.99, `Clopper–Pearson coverage ${exactCoverage}`);
    // Conservative at every rate, up to simulation noise (±0.007 at 4,000 samples).
    for (const coverage of exactByRate) assert.ok(coverage >= 0.94, `Clopper–Pearson coverage ${coverage} at one rate`);
  });
  it('Newcombe’s interval covers the true difference 93–97% of the time (n = 80 vs 60, 0.35 vs 0.2)', () => {
    const random = createRandom(99);
    const samples = 4000;
    let hits = 0;
    for (let sample = 0; sample < samples; sample += 1) {
      const interval = newcombeInterval({ successesA: binomialDraw(random, 80, 0.35), trialsA: 80, successesB: binomialDraw(random, 60, 0.2), trialsB: 60 });
      if (interval.lower <= 0.15 && 0.15 <= interval.upper) hits += 1;
    }
    const coverage = hits / samples;
    assert.ok(coverage >= 0.93 && coverage <= 0.97, `Newcombe coverage ${coverage}`);
  });
  it('the paired interval covers the true difference 93–97% of the time (positively correlated pairs)', () => {
    const random = createRandom(7);
    const samples = 4000;
    let hits = 0;
    // P(A) = 0.4, P(B) = 0.3: both 0.25, A only 0.15, B only 0.05, neither 0.55.
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
  it('stopping on interval width keeps Wilson coverage at 92% or more (rounds of 10, width 0.2, 20 to 200 trials)', () => {
    const random = createRandom(4242);
    const rule = { maxWidth: 0.2, minTrials: 20, maxTrials: 200 };
    const samples = 1500;
    let hits = 0;
    let total = 0;
    let trialsUsed = 0;
    for (const rate of [0.05, 0.3, 0.5]) {
      for (let sample = 0; sample < samples; sample += 1) {
        let successes = 0;
        let trials = 0;
        for (;;) {
          successes += binomialDraw(random, 10, rate);
          trials += 10;
          if (shouldStopCell({ successes, trials, ...rule }).stop) break;
        }
        const interval = wilsonInterval({ successes, trials });
        if (interval.lower <= rate && rate <= interval.upper) hits += 1;
        total += 1;
        trialsUsed += trials;
      }
    }
    const coverage = hits / total;
    assert.ok(coverage >= 0.92 && coverage <= 0.98, `sequential coverage ${coverage}`);
    // Width 0.2 needs about 93 trials at 50% but far fewer near 5%: the rule saves trials on average.
    assert.ok(trialsUsed / total < 93, `mean trials ${trialsUsed / total}`);
  });
});
