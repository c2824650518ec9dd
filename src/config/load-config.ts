import { existsSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile } from '../scenario/index.ts';
import { UsageError } from '../util/index.ts';
import { peerwatchConfigSchema, type PeerwatchConfig } from './config-schema.ts';

export const configFileName = 'peerwatch.config.yaml';

/**
 * Loads `peerwatch.config.yaml` from `file` (an error if it is missing) or from the working directory (optional).
 * Returns the defaults when there is no file.
 */
export function loadConfig(options: { file?: string; cwd?: string } = {}): { config: PeerwatchConfig; path: string | null } {
  const explicit = options.file !== undefined;
  const file = path.resolve(options.cwd ?? process.cwd(), options.file ?? configFileName);
  if (!existsSync(file)) {
    if (explicit) throw new UsageError({ message: `${file}: config file not found (--config)` });
    return { config: peerwatchConfigSchema.parse({}), path: null };
  }
  return { config: readYamlFile({ file, schema: peerwatchConfigSchema, what: 'config' }), path: file };
}
