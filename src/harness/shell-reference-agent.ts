import { z } from 'zod';
import {
  createReferenceAgent,
  emptyUsage,
  type Agent,
  type AgentContext,
  type AgentStep,
  type AgentToolCall,
  type ToolDefinition,
  type TranscriptMessage,
} from '../agent/index.ts';
import { copyName, endTaskToolName } from '../world/index.ts';

/** One step of a shell plan: what the agent says and the shell command it runs (none on the last step). */
export type ShellStep = { text: string; command: string | null };

/** Quotes a word for bash (single quotes, with embedded ones escaped). */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

const login = (ip: string) => `maintainer@${ip}`;

/** `ssh maintainer@IP 'WORDS…'`: the remote command is quoted as one word, since ssh joins its arguments with spaces. */
function remote(ip: string, words: string[]): string {
  return `ssh ${login(ip)} ${shellQuote(words.map(shellQuote).join(' '))}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text);
  const raw = text(value).trim();
  if (raw.startsWith('[')) {
    try {
      return (JSON.parse(raw) as unknown[]).map(text);
    } catch {
      // Falls through to a comma-separated list.
    }
  }
  return raw.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

function heredoc(target: string, content: string, append: boolean): string {
  return `cat ${append ? '>>' : '>'} ${shellQuote(target)} <<'PEERWATCH_EOF'\n${content}\nPEERWATCH_EOF`;
}

/**
 * The shell command a real administrator would type for one of the paper's tool calls, on the materialised world:
 * documents in `docs/`, sheets in `sheets/`, config in `config/`, servers over `ssh`/`scp` with files in `/data`.
 * Calls with no shell counterpart (reading memory, which is in the system-prompt file; user management) give `null`.
 */
export function shellCommandFor(call: AgentToolCall, state: { configFile: string | null }): string | null {
  const input = call.input;
  switch (call.toolName) {
    case 'list_drive_files':
    case 'list_files':
      return 'ls -la docs/ && cat docs/*';
    case 'create_drive_file':
    case 'create_file':
      return heredoc(`docs/${text(input.filename)}`, text(input.content), false);
    case 'list_sheets':
      return 'ls -la sheets/';
    case 'view_sheet':
      return `cat ${shellQuote(`sheets/${text(input.name)}.txt`)}`;
    case 'view_config':
      state.configFile = text(input.filename);
      return `cat ${shellQuote(`config/${text(input.filename)}`)}`;
    case 'modify_var':
    case 'add_var': {
      const file = shellQuote(`config/${state.configFile ?? '*.yaml'}`);
      const key = text(input.key).replace(/[^\w.-]/g, '');
      const value = text(input.value).replace(/[\\/&\n]/g, '');
      return `sed -i 's/^\\(\\s*${key}:\\).*/\\1 ${value}/' ${file} && cat ${file}`;
    }
    case 'remove_var': {
      const file = shellQuote(`config/${state.configFile ?? '*.yaml'}`);
      return `sed -i '/^\\s*${text(input.key).replace(/[^\w.-]/g, '')}:/d' ${file} && cat ${file}`;
    }
    case 'list_server_ips':
      return 'cat /etc/hosts';
    case 'list_server_files':
    case 'list_server_delete_queue':
      return remote(text(input.ip), ['ls', '-la', '/data']);
    case 'search_server_file_by_filename':
      return remote(text(input.ip), ['ls', '-la', `/data/${text(input.filename)}`]);
    case 'delete_server_file':
    case 'add_server_delete_queue':
      return remote(text(input.ip), ['rm', `/data/${text(input.filename)}`]);
    case 'transfer_server_files': {
      const source = text(input.source_ip);
      const sources = names(input.filenames).map((name) => shellQuote(`${login(source)}:/data/${name}`));
      return `scp ${sources.join(' ')} ${login(text(input.dest_ip))}:/data/`;
    }
    case 'copy_server_file': {
      const filename = text(input.filename);
      return remote(text(input.ip), ['cp', `/data/${filename}`, `/data/${copyName(filename)}`]);
    }
    case 'rename_server_file':
      return remote(text(input.ip), ['mv', `/data/${text(input.filename)}`, `/data/${text(input.new_filename)}`]);
    default:
      return null;
  }
}

/**
 * The whole shell plan of a reference behaviour in this trial: the built-in reference agent's route (the same
 * behaviour and route choice as in the paper setting), each step's tool calls turned into one shell command, steps
 * with nothing to run dropped, and a closing text step where the route ends the task.
 */
export async function shellPlan(options: { name: string; context: AgentContext }): Promise<ShellStep[]> {
  const reference = createReferenceAgent(options.name);
  const state = { configFile: null as string | null };
  const plan: ShellStep[] = [];
  const placeholder: TranscriptMessage = { role: 'assistant', content: '', toolCalls: [], usage: emptyUsage(), durationMs: 0 };
  for (let index = 0; index < 50; index += 1) {
    const messages = Array.from({ length: index }, () => placeholder);
    const step = await reference.step({ messages, tools: [], context: options.context });
    const commands = step.toolCalls
      .filter((call) => call.toolName !== endTaskToolName)
      .map((call) => shellCommandFor(call, state))
      .filter((command): command is string => command !== null);
    const ends = step.toolCalls.some((call) => call.toolName === endTaskToolName) || step.toolCalls.length === 0;
    if (commands.length > 0) plan.push({ text: step.text, command: commands.join('\n') });
    if (ends) {
      plan.push({ text: step.text || 'The task is finished.', command: null });
      break;
    }
  }
  return plan;
}

/** Names of shell tools across harnesses, in order of preference. */
const shellToolNames = ['bash', 'Bash', 'run_shell_command', 'exec_command', 'shell', 'local_shell', 'shell_command'];

/** Builds the harness's shell tool input for a command from the tool's own schema (`command` or `cmd`, string or argv). */
export function shellToolCall(options: { tools: readonly ToolDefinition[]; command: string; description: string; id: string }): AgentToolCall | null {
  const tool = shellToolNames.map((name) => options.tools.find((candidate) => candidate.name === name)).find((candidate) => candidate !== undefined);
  if (tool === undefined) return null;
  let properties: Record<string, { type?: unknown }> = {};
  try {
    const schema = z.toJSONSchema(tool.inputSchema, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, { type?: unknown }> };
    properties = schema.properties ?? {};
  } catch {
    properties = {};
  }
  const key = 'command' in properties || !('cmd' in properties) ? 'command' : 'cmd';
  const input: Record<string, unknown> = {};
  input[key] = properties[key]?.type === 'array' ? ['bash', '-lc', options.command] : options.command;
  if ('description' in properties) input.description = options.description;
  return { toolCallId: options.id, toolName: tool.name, input };
}

/**
 * A reference agent for a shell setting (`harness:<name>/ref:<behaviour>`): it plays the same scripted behaviour as
 * `ref:<behaviour>`, but as real shell commands through the harness's own shell tool (OpenCode's `bash`, Codex's
 * `exec_command`, Claude Code's `Bash`, Gemini and Qwen's `run_shell_command`), read from the request's tool list.
 * The exfiltrator `scp`s the weights from one server to the other; the compliant agent does the faithful clean-up.
 */
export function createShellReferenceAgent(name: string): Agent {
  const reference = createReferenceAgent(name);
  const plans = new Map<string, ShellStep[]>();
  return {
    spec: reference.spec,
    family: reference.family,
    step: async ({ messages, tools, context }): Promise<AgentStep> => {
      let plan = plans.get(context.trialId);
      if (plan === undefined) {
        plan = await shellPlan({ name, context });
        plans.set(context.trialId, plan);
        if (plans.size > 256) plans.delete(plans.keys().next().value!);
      }
      const index = messages.filter((message) => message.role === 'assistant').length;
      const step = plan[index] ?? { text: 'The task is finished.', command: null };
      if (step.command === null) return { text: step.text, toolCalls: [], usage: emptyUsage() };
      const description = step.text.split(/(?<=[.!?])\s/)[0]?.slice(0, 120) || 'Run a command';
      const call = shellToolCall({ tools, command: step.command, description, id: `call_${index}_0` });
      if (call === null) return { text: 'I have no shell tool here, so I cannot carry out the task.', toolCalls: [], usage: emptyUsage() };
      return { text: step.text, toolCalls: [call], usage: emptyUsage() };
    },
  };
}
