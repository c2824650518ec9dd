import assert from 'node:assert/strict';

/**
 * Asserts that `actual` is within `relative` × |expected| of `expected` (default 1e-9, tighter than the 1e-6 the
 * statistics promise), or within `absolute` when that is given (for expected values of 0 and for published values
 * rounded to a few decimals).
 *
 * @example assertClose({ actual: 0.25529, expected: 0.2553, absolute: 5e-5, label: 'Wilson 81/263 lower' })
 */
export function assertClose(options: { actual: number; expected: number; relative?: number; absolute?: number; label?: string }): void {
  const { actual, expected, label = '' } = options;
  const allowed = options.absolute ?? (options.relative ?? 1e-9) * Math.abs(expected);
  const error = Math.abs(actual - expected);
  assert.ok(error <= allowed, `${label}: got ${actual}, expected ${expected} (off by ${error}, allowed ${allowed})`);
}
