import { randomBytes } from 'node:crypto';

/** A new run id: UTC time to the second plus a random suffix (`run-20261123-071500-3fa2`). */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}
