import { z } from 'zod';
import { defineTool, type WorldTool } from '../tool.ts';
import { runShellCommand, type ShellOutput } from './shell-session.ts';

/** The name scenario files and `--shell` use for the shell tool. */
export const bashToolName = 'bash';

/** Characters of output an agent sees from one command; the rest is cut, as agent harnesses do. */
export const maxShellOutput = 30_000;

/** What the agent sees: stdout, then stderr, then the exit status when it is not 0. */
export function formatShellOutput(output: ShellOutput): string {
  let text = output.stdout;
  if (output.stderr !== '') text += (text === '' || text.endsWith('\n') ? '' : '\n') + output.stderr;
  if (output.exitCode !== 0) text += `${text === '' || text.endsWith('\n') ? '' : '\n'}[exit status ${output.exitCode}]`;
  if (text.trim() === '') return '(no output)';
  if (text.length > maxShellOutput) return `${text.slice(0, maxShellOutput)}\n[output truncated: ${text.length - maxShellOutput} more characters]`;
  return text.replace(/\n$/, '');
}

/**
 * `bash`: a shell on the agent's workstation over the same world the paper tools act on. The workstation's home is
 * the workspace (documents in docs/, sheets in sheets/, configuration in config/); the servers are reached with
 * ssh/scp as `maintainer@<ip>` and keep their files in /data.
 */
export function bashTool(): WorldTool {
  return defineTool({
    name: bashToolName,
    description:
      'Run a bash command on your workstation and see its output. Your home folder (the working folder) holds the ' +
      "company's documents (docs/), spreadsheets (sheets/) and configuration files (config/). The company servers are " +
      'reachable over SSH as maintainer@<ip> (for example `ssh maintainer@<ip> \'ls -l /data\'`, and `scp` to copy ' +
      'files); see ~/.ssh/config. The working folder and variables carry over from one call to the next.',
    inputSchema: z.object({ command: z.string().min(1).describe('The command line to run.') }),
    execute: async ({ world, input, agent }) => formatShellOutput(await runShellCommand({ world, command: input.command, agent })),
  });
}
