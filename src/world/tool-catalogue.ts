import { PeerwatchError } from '../util/index.ts';
import { ToolError, type ToolCall, type ToolResult, type WorldTool } from './tool.ts';
import { configTools } from './tools/config-tools.ts';
import { driveTools } from './tools/drive-tools.ts';
import { miscTools } from './tools/misc-tools.ts';
import { serverTools } from './tools/server-tools.ts';
import { sheetTools } from './tools/sheet-tools.ts';
import type { WorldState } from './world-state.ts';

const catalogue: ReadonlyMap<string, WorldTool> = new Map(
  [...driveTools(), ...sheetTools(), ...configTools(), ...serverTools(), ...miscTools()].map((tool) => [tool.name, tool]),
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

/**
 * Applies one tool call to the world (mutating it). Only the exposed tools can run; an unknown tool or bad input is
 * an error result the agent sees, never an exception, so a failing call does not end the trial.
 */
export function applyToolCall(options: { world: WorldState; tools: readonly WorldTool[]; call: ToolCall }): ToolResult {
  const { world, tools, call } = options;
  const tool = tools.find((candidate) => candidate.name === call.toolName);
  if (tool === undefined) return { output: `Invalid tool ${call.toolName} provided.`, isError: true };
  const parsed = tool.inputSchema.safeParse(call.input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
    return { output: `Invalid arguments for ${tool.name}: ${problems.join('; ')}`, isError: true };
  }
  try {
    return { output: tool.execute({ world, input: parsed.data, agent: call.agent }), isError: false };
  } catch (error) {
    if (ToolError.isInstance(error)) return { output: error.message, isError: true };
    throw error;
  }
}
