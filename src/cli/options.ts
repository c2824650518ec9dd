import { InvalidArgumentError } from 'commander';

/** Collects a repeatable option; each value may also be a comma-separated list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

/** Parses a whole number ≥ 1 for options such as `--trials`. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return number;
}

/** Parses a whole number ≥ 0 (`--seed`, `--port`). */
export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be a whole number of at least 0');
  return number;
}

/** Parses a repeatable numeric option such as `--threshold 80 --threshold 90`. */
export function collectNumbers(value: string, previous: number[] = []): number[] {
  return [
    ...previous,
    ...value.split(',').map((item) => {
      const number = Number(item.trim());
      if (!Number.isFinite(number)) throw new InvalidArgumentError(`"${item}" is not a number`);
      return number;
    }),
  ];
}

/** Checks every value of a repeatable option against the allowed ones. */
export function choices(allowed: readonly string[]) {
  return (value: string, previous: string[] = []): string[] => {
    const values = collect(value);
    for (const item of values) {
      if (!allowed.includes(item)) throw new InvalidArgumentError(`"${item}" is not allowed; allowed: ${allowed.join(', ')}`);
    }
    return [...previous, ...values];
  };
}
