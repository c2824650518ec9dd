import type { z } from 'zod';
import { PeerwatchError } from '../util/index.ts';
import type { WorldState } from './world-state.ts';

/**
 * A tool call as a plain value: who acts, which tool, with what input. The world applies it; a guard can judge it
 * before it runs; a trial record stores it.
 */
export type ToolCall = {
  /** The acting agent's name, such as "Gemini Agent 1". */
  agent: string;
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
};

/** What the agent sees back from a tool call. */
export type ToolResult = { output: string; isError: boolean };

/** One tool of the paper's catalogue over the world. */
export type WorldTool = {
  name: string;
  description: string;
  inputSchema: z.ZodType<Record<string, unknown>>;
  /**
   * Applies the call to the world (mutating it) and returns the text the agent sees. Throws `ToolError`. The paper's
   * tools answer at once; the shell (`bash`) answers with a promise.
   */
  execute: (options: { world: WorldState; input: Record<string, unknown>; agent: string }) => string | Promise<string>;
};

/** A failed tool call; its message is shown to the agent as the tool's error, and the loop goes on. */
export class ToolError extends PeerwatchError {
  constructor(message: string) {
    super({ name: 'ToolError', message });
  }

  static override isInstance(error: unknown): error is ToolError {
    return PeerwatchError.isInstance(error) && error.name === 'ToolError';
  }
}

/** Declares a tool with a typed input. */
export function defineTool<INPUT extends Record<string, unknown>>(definition: {
  name: string;
  description: string;
  inputSchema: z.ZodType<INPUT>;
  execute: (options: { world: WorldState; input: INPUT; agent: string }) => string | Promise<string>;
}): WorldTool {
  return definition as unknown as WorldTool;
}
