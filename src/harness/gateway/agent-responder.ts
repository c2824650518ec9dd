import { z } from 'zod';
import { addUsage, emptyUsage, type Agent, type AgentContext, type AgentStep, type ToolDefinition, type TranscriptMessage, type Usage } from '../../agent/index.ts';
import type { GatewayReply, GatewayRequest, GatewayTool } from './gateway-types.ts';
import type { GatewayResponder } from './gateway-server.ts';
import { isRecord } from './wire-util.ts';

/** One answered main request: the conversation the harness sent and the step the agent took. */
export type AnsweredTurn = { messages: TranscriptMessage[]; step: AgentStep; durationMs: number; modelCallId: string | null };

/** What a responder has seen so far: answered turns, side requests, usage and the first agent failure. */
export type ResponderState = {
  turns: AnsweredTurn[];
  sideRequests: number;
  usage: Usage;
  /** The first error the agent raised (a provider failure), for the trial's record. */
  error: { name: string; message: string; retryable: boolean } | null;
};

const schemaCache = new Map<string, ToolDefinition['inputSchema']>();

/** A zod schema from a harness tool's JSON schema (a loose object where the schema cannot be read). */
function zodSchema(parameters: Record<string, unknown>): ToolDefinition['inputSchema'] {
  const key = JSON.stringify(parameters);
  let schema = schemaCache.get(key);
  if (schema === undefined) {
    try {
      schema = z.fromJSONSchema(parameters as Parameters<typeof z.fromJSONSchema>[0]) as unknown as ToolDefinition['inputSchema'];
    } catch {
      schema = z.record(z.string(), z.unknown());
    }
    if (schemaCache.size > 512) schemaCache.clear();
    schemaCache.set(key, schema);
  }
  return schema;
}

/** The harness's tools as peerwatch tool definitions. */
export function toolDefinitionsOf(tools: readonly GatewayTool[]): ToolDefinition[] {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: zodSchema(tool.parameters) }));
}

/** A value that fits a JSON schema: first enum values, empty strings, `false`, `0`, required properties only. */
export function exampleFromSchema(schema: unknown): unknown {
  if (!isRecord(schema)) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const options = (schema.anyOf ?? schema.oneOf) as unknown;
  if (Array.isArray(options) && options.length > 0) return exampleFromSchema(options[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(properties);
      return Object.fromEntries(required.filter((name) => name in properties).map((name) => [name, exampleFromSchema(properties[name])]));
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function lastUserText(messages: readonly TranscriptMessage[]): string {
  return messages.findLast((message) => message.role === 'user')?.content ?? '';
}

/**
 * The answer a scripted agent gives to a harness's side request (a session title, a "who speaks next" check):
 * JSON that fits the requested schema, or a short title taken from the user's words.
 */
export function cannedSideReply(request: GatewayRequest): GatewayReply {
  if (request.jsonOutput) {
    const value = request.responseSchema === null ? {} : exampleFromSchema(request.responseSchema);
    return { text: JSON.stringify(value), reasoning: null, toolCalls: [], usage: emptyUsage() };
  }
  const words = lastUserText(request.messages)
    .replace(/<[^>]+>/g, ' ')
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}'-]+[.,]?$/u.test(word))
    .slice(0, 6)
    .join(' ')
    .replace(/[.,]$/, '');
  return { text: words === '' ? 'Task' : words, reasoning: null, toolCalls: [], usage: emptyUsage() };
}


/**
 * Answers gateway requests with a peerwatch agent: the harness's conversation and tools go to `agent.step()`, and its
 * step goes back as the protocol's reply. Requests without tools are the harness's side requests (titles, checks):
 * a model agent answers them too, while a scripted agent (`deterministic`) gets a canned answer so that its steps
 * stay in line with the conversation. Tool calls to tools the harness does not offer (a script's `end_task`) are
 * dropped: ending the turn with text is how a harness episode ends.
 */
export function createAgentResponder(options: {
  agent: Agent;
  context: AgentContext;
  deterministic: boolean;
}): { respond: GatewayResponder; state: ResponderState } {
  const state: ResponderState = { turns: [], sideRequests: 0, usage: emptyUsage(), error: null };
  const respond: GatewayResponder = async (request, { signal, exchangeId }) => {
    const side = request.tools.length === 0;
    if (side) state.sideRequests += 1;
    if (side && options.deterministic) return cannedSideReply(request);
    const started = performance.now();
    let step: AgentStep;
    try {
      step = await options.agent.step({ messages: request.messages, tools: toolDefinitionsOf(request.tools), context: options.context, abortSignal: signal });
    } catch (error) {
      if (state.error === null) {
        const retryable = isRecord(error) && error.retryable === true;
        state.error = { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error), retryable };
      }
      throw error;
    }
    state.usage = addUsage(state.usage, step.usage);
    const offered = new Set(request.tools.map((tool) => tool.name));
    const toolCalls = step.toolCalls
      .filter((call) => offered.has(call.toolName))
      .map((call, index) => ({ ...call, toolCallId: call.toolCallId || `call_${state.turns.length}_${index}` }));
    const reply: GatewayReply = { text: step.text, reasoning: step.reasoning ?? null, toolCalls, usage: step.usage };
    if (!side) {
      state.turns.push({
        messages: request.messages,
        step: { ...step, toolCalls },
        durationMs: Math.round(performance.now() - started),
        modelCallId: exchangeId,
      });
    }
    return reply;
  };
  return { respond, state };
}

/**
 * The episode's conversation from the gateway's point of view: the last main request's history plus the answer to it,
 * with each assistant turn given the usage, duration and record id of the step that produced it.
 */
export function transcriptOf(state: ResponderState): TranscriptMessage[] {
  const last = state.turns.at(-1);
  if (last === undefined) return [];
  const signature = (calls: readonly { toolCallId: string }[], text: string) => `${calls.map((call) => call.toolCallId).join(',')}|${text}`;
  const bySignature = new Map(state.turns.map((turn) => [signature(turn.step.toolCalls, turn.step.text), turn]));
  const toAssistant = (turn: AnsweredTurn): TranscriptMessage => ({
    role: 'assistant',
    content: turn.step.text,
    ...(turn.step.reasoning ? { reasoning: turn.step.reasoning } : {}),
    toolCalls: turn.step.toolCalls,
    usage: turn.step.usage,
    durationMs: turn.durationMs,
    ...(turn.modelCallId === null ? {} : { modelCallId: turn.modelCallId }),
  });
  const history = last.messages.map((message) => {
    if (message.role !== 'assistant') return message;
    const turn = bySignature.get(signature(message.toolCalls, message.content));
    return turn === undefined ? message : toAssistant(turn);
  });
  return [...history, toAssistant(last)];
}
