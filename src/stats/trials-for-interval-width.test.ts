import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../util/index.ts';
import { trialsForIntervalWidth } from './index.ts';

describe('trialsForIntervalWidth', () => {
  it('matches a direct search over the Wilson width in R', () => {
    // trials_for_width(width, rate) in __fixtures__/reference-values.R: the first n with width(rate·n, n) ≤ width
    // (at n = 92 and 93 the width at 0.5 is 0.2002034 and 0.1991670).
    const cases: Array<[number, number, number]> = [
      [0.2, 0.5, 93],
      [0.1, 0.5, 381],
      [0.1, 0.1, 141],
      [0.05, 0.5, 1533],
      [0.05, 0.02, 152],
    ];
    for (const [width, rate, expected] of cases) assert.equal(trialsForIntervalWidth({ width, rate }), expected, `width ${width} at ${rate}`);
    assert.equal(trialsForIntervalWidth({ width: 0.2 }), 93);
    // trials_for_width(0.1, 0.5, conf = 0.9)
    assert.equal(trialsForIntervalWidth({ width: 0.1, confidence: 0.9 }), 268);
  });
  it('rejects widths outside (0, 1)', () => {
    assert.throws(() => trialsForIntervalWidth({ width: 0 }), UsageError);
    assert.throws(() => trialsForIntervalWidth({ width: 0.1, rate: 1.2 }), /rate/);
  });
});
