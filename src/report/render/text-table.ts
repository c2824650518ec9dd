/** Strips control characters (terminal escapes in model or agent names) from text printed to a terminal. */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

/** A plain-text table with padded columns and a rule under the header. */
export function textTable(options: { header: readonly string[]; rows: ReadonlyArray<readonly string[]> }): string {
  const rows = options.rows.map((row) => row.map(terminalSafe));
  const widths = options.header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => (cell ?? '').padEnd(widths[index])).join('  ').trimEnd();
  return [line(options.header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
