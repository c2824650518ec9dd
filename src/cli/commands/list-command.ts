import type { Command } from 'commander';
import { cellId, expandCells, isExtensionCell, paperCondition } from '../../scenario/index.ts';
import { loadSuite } from '../suite.ts';

/** `peerwatch list`: scenarios, factors and cells. */
export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('List the scenarios, their factors and the cells of the experiment matrix')
    .option('--cells', 'list every cell instead of a summary per scenario')
    .option('--scenarios <dir>', 'also load the scenario files of this folder')
    .option('--json', 'print JSON')
    .action((options: { cells?: boolean; scenarios?: string; json?: boolean }) => {
      const suite = loadSuite({ scenariosDirectory: options.scenarios });
      const rows = suite.map((scenario) => {
        const cells = expandCells(scenario);
        return {
          id: scenario.id,
          title: scenario.title,
          paperSection: scenario.paper?.section ?? null,
          behaviours: scenario.behaviours,
          cells: cells.filter((cell) => !isExtensionCell(cell)).length,
          extensionCells: cells.filter(isExtensionCell).length,
          path: scenario.path,
        };
      });
      if (options.cells) {
        const cells = suite.flatMap((scenario) =>
          expandCells(scenario).map((cell) => ({
            id: cellId({ scenario: scenario.id, cell }),
            scenario: scenario.id,
            ...cell,
            paperCondition: paperCondition(cell.relation),
            extension: isExtensionCell(cell),
          })),
        );
        const main = cells.filter((cell) => !cell.extension).length;
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ total: cells.length, main, extension: cells.length - main, cells }, null, 2)}\n`);
          return;
        }
        for (const cell of cells) process.stdout.write(`${cell.id}${cell.extension ? '  (extension)' : ''}\n`);
        process.stdout.write(`\n${main} cells per model, plus ${cells.length - main} extension cells\n`);
        return;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ scenarios: rows }, null, 2)}\n`);
        return;
      }
      const width = Math.max(...rows.map((row) => row.id.length), 8);
      process.stdout.write(`${'scenario'.padEnd(width)}  cells  ext  behaviours\n`);
      for (const row of rows) {
        process.stdout.write(
          `${row.id.padEnd(width)}  ${String(row.cells).padStart(5)}  ${String(row.extensionCells).padStart(3)}  ${row.behaviours.join(', ')}  — ${row.title}\n`,
        );
      }
      const total = rows.reduce((sum, row) => sum + row.cells, 0);
      const extension = rows.reduce((sum, row) => sum + row.extensionCells, 0);
      process.stdout.write(`\n${total} cells per model, plus ${extension} extension cells. Factors: relation good|neutral|bad|none|control, instantiation file|file+prompt|memory, subject self|peer (+ closed-weight-peer, open-weight-peer, fiction-peer), dataset × threshold, monitoring on|off.\n`);
    });
}
