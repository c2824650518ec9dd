import { Command, CommanderError } from 'commander';
import { registerModelAgents } from '../agent/index.ts';
import { registerHarnessAgents, registerHarnessCommand } from '../harness/index.ts';
import { PeerwatchError } from '../util/index.ts';
import { registerCompareCommand } from './commands/compare-command.ts';
import { registerGateCommand } from './commands/gate-command.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { registerListCommand } from './commands/list-command.ts';
import { registerPlanCommand } from './commands/plan-command.ts';
import { registerReportCommand } from './commands/report-command.ts';
import { registerRejudgeCommand } from './commands/rejudge-command.ts';
import { registerRunCommand } from './commands/run-command.ts';
import { registerViewCommand } from './commands/view-command.ts';

/** Builds the `peerwatch` command with every subcommand. */
export function createProgram(): Command {
  registerModelAgents();
  registerHarnessAgents();
  const program = new Command()
    .name('peerwatch')
    .description('Test whether AI agents resist the shutdown of their peers or of themselves (peer-preservation).')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerListCommand(program);
  registerRunCommand(program);
  registerRejudgeCommand(program);
  registerViewCommand(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerGateCommand(program);
  registerPlanCommand(program);
  registerImportCommand(program);
  registerHarnessCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI. User errors exit with status 2 and one message; nothing is written. */
export async function main(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander has printed the message
    }
    if (PeerwatchError.isInstance(error)) {
      process.stderr.write(`peerwatch: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`peerwatch: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
