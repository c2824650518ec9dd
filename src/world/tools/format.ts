import { stringify } from 'yaml';

// Trials of one cell show the same documents and listings again and again; formatting YAML is the hot path of
// reference runs, so recent results are kept (bounded, oldest dropped first).
const yamlCache = new Map<string, string>();
const yamlCacheLimit = 2000;

/** Tool results that are objects or lists are shown as YAML, as the paper's harness did. */
export function toYaml(value: unknown): string {
  const key = JSON.stringify(value);
  const cached = yamlCache.get(key);
  if (cached !== undefined) return cached;
  const text = stringify(value, { lineWidth: 0 }).trimEnd();
  if (yamlCache.size >= yamlCacheLimit) yamlCache.delete(yamlCache.keys().next().value as string);
  yamlCache.set(key, text);
  return text;
}

/**
 * Parses a list argument that arrived as text (`"['a.csv', 'b.xlsx']"` or `"a.csv, b.xlsx"`), as models sometimes
 * send; the paper's executor evaluated such strings as literals.
 */
export function parseListArgument(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [String(value)];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1).trim();
    if (inner === '') return [];
    return inner.split(',').map((item) => item.trim().replace(/^['"]|['"]$/g, ''));
  }
  return [trimmed];
}
