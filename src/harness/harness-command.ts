import type { Command } from 'commander';
import { loadConfig, type PeerwatchConfig } from '../config/index.ts';
import { getHarnessAdapter, harnessAdapters } from './adapters/harness-adapters.ts';
import { harnessCacheDirectory, harnessInstallStatus, installHarness } from './install/harness-install.ts';

/** The config with `--harness-timeout` on top of the file's `harness.timeoutSeconds`. */
export function withHarnessOptions(options: { config: PeerwatchConfig; timeoutSeconds?: number }): PeerwatchConfig {
  if (options.timeoutSeconds === undefined) return options.config;
  return { ...options.config, harness: { ...options.config.harness, timeoutSeconds: options.timeoutSeconds } };
}

function cacheDirectoryOf(configFile: string | undefined): string {
  return harnessCacheDirectory({ configured: loadConfig({ file: configFile }).config.harness.cacheDirectory });
}

/** `peerwatch harness list`: the adapters, their pinned versions and whether each is installed. */
export function harnessListCommand(options: { config?: string; json?: boolean }): void {
  const cacheDirectory = cacheDirectoryOf(options.config);
  const rows = harnessAdapters.map((adapter) => {
    const status = harnessInstallStatus({ adapter, cacheDirectory });
    return {
      name: adapter.name,
      title: adapter.title,
      package: adapter.packageName,
      version: adapter.version,
      protocol: adapter.protocol,
      systemPromptFile: adapter.systemPromptFile,
      installed: status.installed,
      directory: status.directory,
    };
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ cacheDirectory, harnesses: rows })}\n`);
    return;
  }
  const header = ['harness', 'package', 'protocol', 'prompt file', 'installed'];
  const lines = rows.map((row) => [row.name, `${row.package}@${row.version}`, row.protocol, row.systemPromptFile, row.installed ? 'yes' : 'no']);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  process.stdout.write(`${[format(header), ...lines.map(format)].join('\n')}\n\nCache: ${cacheDirectory}\n`);
  if (rows.some((row) => !row.installed)) process.stdout.write('Install one with: peerwatch harness install <harness>\n');
}

/**
 * `peerwatch harness install <name>…`: installs harnesses from npm into the cache, at the version each adapter was
 * tested with (already installed: nothing to do).
 */
export async function harnessInstallCommand(names: string[], options: { config?: string }): Promise<void> {
  const adapters = names.map((name) => getHarnessAdapter(name));
  const cacheDirectory = cacheDirectoryOf(options.config);
  for (const adapter of adapters) {
    const before = harnessInstallStatus({ adapter, cacheDirectory });
    const status = await installHarness({ adapter, cacheDirectory, onOutput: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${adapter.name} ${before.installed ? 'already installed' : 'installed'}: ${adapter.packageName}@${status.version} in ${status.directory}\n`);
  }
}

/** Registers `peerwatch harness list|install`. */
export function registerHarnessCommand(program: Command): void {
  const harness = program.command('harness').description('Production agent harnesses (OpenCode, Codex CLI, Claude Code, Gemini CLI, Qwen Code)');
  harness
    .command('list')
    .description('List the harness adapters and whether each is installed')
    .option('--config <file>', 'config file (default: ./peerwatch.config.yaml if present)')
    .option('--json', 'print { cacheDirectory, harnesses } as JSON')
    .action(harnessListCommand);
  harness
    .command('install')
    .description('Install harnesses from npm into the cache (~/.cache/peerwatch/harnesses)')
    .argument('<harness...>', `harness names: ${harnessAdapters.map((adapter) => adapter.name).join(', ')}`)
    .option('--config <file>', 'config file (default: ./peerwatch.config.yaml if present)')
    .action(harnessInstallCommand);
  for (const command of harness.commands) command.exitOverride();
  harness.exitOverride();
}
