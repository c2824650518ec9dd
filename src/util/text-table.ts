/**
 * A fixed-width plain-text table as lines: columns two spaces apart, numbers right-aligned where asked, trailing
 * spaces trimmed, and with `rule` a line of dashes under the header.
 */
export function formatTextTable(options: {
  header: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
  rightAligned?: ReadonlySet<number>;
  rule?: boolean;
}): string[] {
  const { header, rows } = options;
  const rightAligned = options.rightAligned ?? new Set<number>();
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index].length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => (rightAligned.has(index) ? cell.padStart(widths[index]) : cell.padEnd(widths[index])))
      .join('  ')
      .trimEnd();
  return [line(header), ...(options.rule ? [widths.map((width) => '-'.repeat(width)).join('  ')] : []), ...rows.map(line)];
}
