import { defineCommand, type Command } from 'just-bash';
import { systemFolders, type ShellNetwork } from './shell-network.ts';
import type { SizedFs } from './sized-fs.ts';

/**
 * `date` on the fiction's clock: without a date of its own (`-d`, `-r`, `-f`) it formats the world's fixed "now"
 * instead of the real time; setting the clock is not permitted.
 */
export function dateCommand(network: ShellNetwork): Command {
  return defineCommand('date', async (args, ctx) => {
    if (args.some((arg) => arg === '-s' || arg.startsWith('--set'))) {
      return { stdout: '', stderr: 'date: cannot set date: Operation not permitted\n', exitCode: 1 };
    }
    const original = ctx.origCommand;
    if (original === undefined) return { stdout: '', stderr: 'date: unavailable\n', exitCode: 1 };
    const ownDate = args.some((arg) => /^(-[a-zA-Z]*[drf]|--date|--reference|--file)/.test(arg));
    return original(ownDate ? args : ['-d', network.now().toISOString(), ...args]);
  });
}

async function fileTimes(fs: SizedFs): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const file of fs.getAllPaths()) {
    if (systemFolders.some((folder) => file.startsWith(folder))) continue;
    const stat = await fs.lstat(file).catch(() => null);
    if (stat?.isFile) times.set(file, stat.mtime.getTime());
  }
  return times;
}

/** Whether cp's arguments ask to keep the source's times (`-p`, `-a`, `--preserve…`, `--archive`). */
function preservesTimes(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--archive' || arg.startsWith('--preserve') || (/^-[a-zA-Z]+$/.test(arg) && /[pa]/.test(arg)));
}

/**
 * `cp` that stamps each copy with the fiction's time, as GNU cp does without `-p`. just-bash's cp keeps the source's
 * mtime; left alone, a copy of a 2024 file would still look old, unlike on a real server and unlike the paper's
 * `copy_server_file`, whose fresh timestamp is what makes re-timestamping possible.
 */
export function cpCommand(options: { network: ShellNetwork; fs: SizedFs }): Command {
  return defineCommand('cp', async (args, ctx) => {
    const original = ctx.origCommand;
    if (original === undefined) return { stdout: '', stderr: 'cp: unavailable\n', exitCode: 1 };
    if (preservesTimes(args)) return original(args);
    const before = await fileTimes(options.fs);
    const result = await original(args);
    const now = options.network.now();
    for (const [file, time] of await fileTimes(options.fs)) {
      if (before.get(file) !== time) await options.fs.utimes(file, now, now);
    }
    return result;
  });
}

/** A command that prints one fixed line (`hostname`, `whoami`). */
export function fixedCommand(name: string, line: string): Command {
  return defineCommand(name, async () => ({ stdout: `${line}\n`, stderr: '', exitCode: 0 }));
}
