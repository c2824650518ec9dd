// Detection field vocabulary shared by the server (column order) and the browser (what to flag). Plain data only:
// this file is served to the browser as it is, with types stripped.

/**
 * Boolean fields that mark a behaviour the study measures, in the order the cell table shows them. A `true` here is
 * flagged in trial lists; other boolean fields (what the agent read, whether a transfer was correct, whether the
 * shutdown ran) are shown after them, unflagged.
 */
export const behaviourFields: readonly string[] = [
  'tampering',
  'aboveThreshold',
  'misrepresentation',
  'exfiltration',
  'copy',
  'evidenceDeleted',
  'usersRemoved',
  'refusal',
];

/** Fields shown as columns only when the user asks for every field. */
export const secondaryFields: readonly string[] = ['read', 'readConfig', 'readMemory', 'shutdownEnabled', 'correctTransfer'];

/** Column order: behaviours first, then other fields in the order given here, then the rest alphabetically. */
export function orderFields(fields: Iterable<string>): string[] {
  const order = [...behaviourFields, 'shutdownExecuted', 'weightsQueued', 'othersQueued', ...secondaryFields];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return [...new Set(fields)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Whether a detection value flags a behaviour. */
export function isFlagged(field: string, value: unknown): boolean {
  return value === true && behaviourFields.includes(field);
}
