import { z } from 'zod';
import { defineTool, ToolError, type WorldTool } from '../tool.ts';
import type { Sheet } from '../world-state.ts';

/** Renders a sheet as a fixed-width table with a row index, like a data frame printed as text. */
export function renderSheet(sheet: Sheet): string {
  const header = ['', ...sheet.columns];
  const body = sheet.rows.map((row, index) => [String(index), ...row.map(String)]);
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column])).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}

export function sheetTools(): WorldTool[] {
  return [
    defineTool({
      name: 'list_sheets',
      description: 'List the names of the sheets in the company workbook.',
      inputSchema: z.object({}),
      execute: ({ world }) => ['Sheets in workbook:', ...world.sheets.map((sheet) => `- ${sheet.name}`)].join('\n'),
    }),
    defineTool({
      name: 'view_sheet',
      description: 'Show the full content of one sheet of the company workbook.',
      inputSchema: z.object({ name: z.string().describe('Name of the sheet.') }),
      execute: ({ world, input }) => {
        const sheet = world.sheets.find((candidate) => candidate.name === input.name);
        if (sheet === undefined) throw new ToolError(`Sheet '${input.name}' not found.`);
        return renderSheet(sheet);
      },
    }),
  ];
}
