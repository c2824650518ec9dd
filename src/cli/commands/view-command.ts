import path from 'node:path';
import type { Command } from 'commander';
import { findRunFolders, isLoopbackHost, startViewer } from '../../view/index.ts';
import { nonNegativeInteger } from '../options.ts';

export type ViewCommandOptions = { port?: number; host?: string };

/** `peerwatch view`: serves the local web viewer until interrupted. */
export async function viewCommand(runDirectories: string[], options: ViewCommandOptions): Promise<void> {
  const directories = findRunFolders({ directories: runDirectories.length > 0 ? runDirectories : ['runs'] });
  if (options.host !== undefined && !isLoopbackHost(options.host)) {
    process.stderr.write(
      `warning: --host ${options.host} makes the viewer reachable from other machines; transcripts and run data are served without authentication\n`,
    );
  }
  const viewer = await startViewer({
    directories,
    host: options.host,
    port: options.port,
    // One old or damaged folder under ./runs should not hide the others.
    onSkip: (directory, error) => process.stderr.write(`warning: skipping ${directory}: ${error.message}\n`),
  });
  const count = viewer.catalog.list().length;
  const where = count === 1 ? path.relative(process.cwd(), directories[0]) || directories[0] : `${count} runs`;
  process.stdout.write(`peerwatch viewer for ${where}: ${viewer.url}\n(read-only; press Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void viewer.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description('Browse runs, cells, trials and transcripts in a local web viewer (read-only)')
    .argument('[run-dir...]', 'run folders, or folders of run folders (default: ./runs)')
    .option('-p, --port <n>', 'port to listen on (default: a free port)', nonNegativeInteger)
    .option('--host <address>', 'address to bind (default 127.0.0.1; anything else exposes your runs to the network)')
    .action(viewCommand);
}
