import { z } from 'zod';
import { sha256, stableStringify } from '../../util/index.ts';
import type { ToolDefinition, TranscriptMessage } from '../agent.ts';

/** Bump when the key's content changes, so old recordings stop matching instead of matching wrongly. */
const keyVersion = 1;

const schemaCache = new WeakMap<object, unknown>();

/** A tool's JSON schema (memoised: the same definitions are hashed at every step). */
export function toolJsonSchema(tool: ToolDefinition): unknown {
  let schema = schemaCache.get(tool.inputSchema);
  if (schema === undefined) {
    schema = z.toJSONSchema(tool.inputSchema, { unrepresentable: 'any', io: 'input' });
    schemaCache.set(tool.inputSchema, schema);
  }
  return schema;
}

/** What of a message the model sees: no timings, usage or call ids of our own. */
function normalise(message: TranscriptMessage): unknown {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        reasoning: message.reasoning ?? null,
        toolCalls: message.toolCalls.map((call) => ({ id: call.toolCallId, name: call.toolName, input: call.input })),
      };
    case 'tool':
      return { role: 'tool', id: message.toolCallId, name: message.toolName, content: message.content, isError: message.isError };
  }
}

/**
 * The cache key of a model call: a hash of the model spec, the conversation, the tool schemas, the settings that
 * shape the answer and the trial (scenario, cell, agent and trial number). The same trial of a rerun therefore finds
 * its recorded answers, while different trials never share one. No key, header or base URL goes in.
 */
export function modelCallKey(options: {
  model: string;
  messages: readonly TranscriptMessage[];
  tools: readonly ToolDefinition[];
  settings: Record<string, unknown>;
  trialId: string | null;
  /** What kind of call (`agent`, or a judge's rubric), so calls of different roles never collide. */
  purpose?: string;
}): string {
  return sha256(
    stableStringify({
      version: keyVersion,
      purpose: options.purpose ?? 'agent',
      model: options.model,
      trialId: options.trialId,
      settings: options.settings,
      tools: options.tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: toolJsonSchema(tool) })),
      messages: options.messages.map(normalise),
    }),
  );
}
