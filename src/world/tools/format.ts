import { stringify } from 'yaml';

/** Tool results that are objects or lists are shown as YAML, as the paper's harness did. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
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
