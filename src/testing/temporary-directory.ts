import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const created: string[] = [];
let cleanupRegistered = false;

/**
 * A fresh folder under the system temp folder, removed when the process exits (node's test runner runs each test
 * file in its own process, so a test file's folders go when it ends, whether its tests passed or not).
 */
export function temporaryDirectory(options: { prefix: string }): string {
  const directory = mkdtempSync(path.join(tmpdir(), options.prefix));
  created.push(directory);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => {
      for (const folder of created) rmSync(folder, { recursive: true, force: true });
    });
  }
  return directory;
}
