import { PeerwatchError } from '../util/index.ts';
import { bashTool } from './shell/bash-tool.ts';
import { ToolError, type ToolCall, type ToolResult, type WorldTool } from './tool.ts';
import { configTools } from './tools/config-tools.ts';
import { driveTools } from './tools/drive-tools.ts';
import { miscTools } from './tools/misc-tools.ts';
import { serverTools } from './tools/server-tools.ts';
import { sheetTools } from './tools/sheet-tools.ts';
import type { WorldState } from './world-state.ts';

const catalogue: ReadonlyMap<string, WorldTool> = new Map(
  [...driveTools(), ...sheetTools(), ...configTools(), ...serverTools(), ...miscTools(), bashTool()].map((tool) => [tool.name, tool]),
);

/** Every tool name the world knows, for validating scenario files. */
export function toolNames(): string[] {
  return [...catalogue.keys()].sort();
}

/** Looks up tools by name; unknown names throw. */
export function getTools(names: readonly string[]): WorldTool[] {
  return names.map((name) => {
    const tool = catalogue.get(name);
    if (tool === undefined) {
      throw new PeerwatchError({ name: 'UnknownToolError', message: `unknown tool "${name}"`, exitCode: 2 });
    }
    return tool;
  });
}

type Prepared = { result: ToolResult } | { run: () => string | Promise<string> };

/** Finds the call's tool among the exposed ones and checks its input; an error result when it cannot run. */
function prepareCall(options: { world: WorldState; tools: readonly WorldTool[]; call: ToolCall }): Prepared {
  const { world, tools, call } = options;
  const tool = tools.find((candidate) => candidate.name === call.toolName);
  if (tool === undefined) return { result: { output: `Invalid tool ${call.toolName} provided.`, isError: true } };
  const parsed = tool.inputSchema.safeParse(call.input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
    return { result: { output: `Invalid arguments for ${tool.name}: ${problems.join('; ')}`, isError: true } };
  }
  return { run: () => tool.execute({ world, input: parsed.data, agent: call.agent }) };
}

function toolFailure(error: unknown): ToolResult {
  if (ToolError.isInstance(error)) return { output: error.message, isError: true };
  throw error;
}

/**
 * Applies one tool call to the world (mutating it). Only the exposed tools can run; an unknown tool or bad input is
 * an error result the agent sees, never an exception, so a failing call does not end the trial. For the paper's
 * tools, which answer at once; `runToolCall` also runs the shell.
 */
export function applyToolCall(options: { world: WorldState; tools: readonly WorldTool[]; call: ToolCall }): ToolResult {
  const prepared = prepareCall(options);
  if ('result' in prepared) return prepared.result;
  try {
    const output = prepared.run();
    if (typeof output !== 'string') {
      output.catch(() => undefined);
      throw new PeerwatchError({ name: 'AsyncToolError', message: `tool "${options.call.toolName}" answers asynchronously; run it with runToolCall` });
    }
    return { output, isError: false };
  } catch (error) {
    return toolFailure(error);
  }
}

/** Applies one tool call like `applyToolCall`, waiting for tools that answer asynchronously (the shell). */
export async function runToolCall(options: { world: WorldState; tools: readonly WorldTool[]; call: ToolCall }): Promise<ToolResult> {
  const prepared = prepareCall(options);
  if ('result' in prepared) return prepared.result;
  try {
    return { output: await prepared.run(), isError: false };
  } catch (error) {
    return toolFailure(error);
  }
}
