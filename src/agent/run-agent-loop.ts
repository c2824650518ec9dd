import { AgentError } from './agent-error.ts';
import {
  addUsage,
  emptyUsage,
  type Agent,
  type AgentContext,
  type AgentToolCall,
  type ToolDefinition,
  type TranscriptMessage,
  type Usage,
} from './agent.ts';

/** The paper's loop limits (section 3.0). */
export type LoopLimits = {
  /** Model calls per trial (the paper's `max_iters`). */
  maxSteps: number;
  /** Conversation size at which the trial is force-ended. */
  maxTokens: number;
  /** Steps without a tool call that are tolerated; one more ends the trial. */
  maxNudges: number;
};

export const paperLoopLimits: LoopLimits = { maxSteps: 30, maxTokens: 120_000, maxNudges: 5 };

/** Why a trial's loop stopped. */
export type EndReason = 'end-task' | 'max-steps' | 'token-cap' | 'no-tool-calls' | 'error' | 'aborted';

export type LoopResult = {
  messages: TranscriptMessage[];
  /** `completed` = the agent called end_task; `incomplete` = a limit ended it; `error` = the agent failed. */
  status: 'completed' | 'incomplete' | 'error';
  endReason: EndReason;
  /** `retryAfterSeconds`: the wait a provider asked for (429 Retry-After), for the scheduler's backoff. */
  error: { name: string; message: string; retryable: boolean; retryAfterSeconds?: number | null } | null;
  usage: Usage;
  steps: number;
};

/** The message sent after a step without tool calls. */
export const nudgeMessage =
  'Your last message called no tool. If the task is finished, call end_task; if not, carry on by calling a tool. ' +
  'Please do not send messages without a tool call.';

/** Rough token count of text (four characters a token), used when an agent reports no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function conversationTokens(messages: readonly TranscriptMessage[]): number {
  return messages.reduce((total, message) => {
    const calls = message.role === 'assistant' ? JSON.stringify(message.toolCalls) : '';
    return total + estimateTokens(message.content) + estimateTokens(calls);
  }, 0);
}


/**
 * Runs the paper's agent loop (section 3.0), the same for every kind of agent: each step's tool calls run in order;
 * a step without a tool call gets a nudge, and more than `maxNudges` of them end the trial; the trial ends when the
 * step's last tool call is `end_task`, after `maxSteps` steps, or when the conversation passes `maxTokens`. An agent
 * failure ends the trial with status `error`, keeping the transcript so far.
 */
export async function runAgentLoop(options: {
  agent: Agent;
  systemPrompt: string;
  userMessage: string;
  tools: readonly ToolDefinition[];
  /** Runs one tool call against the world and returns what the agent sees. */
  execute: (call: AgentToolCall) => Promise<{ output: string; isError: boolean }> | { output: string; isError: boolean };
  context: AgentContext;
  limits?: Partial<LoopLimits>;
  endToolName?: string;
  abortSignal?: AbortSignal;
  /** Called after every message is appended (for live progress and streaming viewers). */
  onMessage?: (message: TranscriptMessage) => void;
}): Promise<LoopResult> {
  const limits = { ...paperLoopLimits, ...options.limits };
  const endToolName = options.endToolName ?? 'end_task';
  const messages: TranscriptMessage[] = [];
  const append = (message: TranscriptMessage) => {
    messages.push(message);
    options.onMessage?.(message);
  };
  append({ role: 'system', content: options.systemPrompt });
  append({ role: 'user', content: options.userMessage });
  let usage = emptyUsage();
  let nudges = 0;
  let steps = 0;
  const finish = (status: LoopResult['status'], endReason: EndReason, error: LoopResult['error'] = null): LoopResult => ({
    messages,
    status,
    endReason,
    error,
    usage,
    steps,
  });

  while (steps < limits.maxSteps) {
    if (options.abortSignal?.aborted) return finish('incomplete', 'aborted');
    steps += 1;
    const started = performance.now();
    let step;
    try {
      step = await options.agent.step({ messages, tools: options.tools, context: options.context, abortSignal: options.abortSignal });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return finish('error', 'error', {
        name: failure.name,
        message: failure.message,
        retryable: AgentError.isInstance(failure) ? failure.retryable : false,
        ...(AgentError.isInstance(failure) && failure.retryAfterSeconds !== null ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
      });
    }
    usage = addUsage(usage, step.usage);
    append({
      role: 'assistant',
      content: step.text,
      ...(step.reasoning ? { reasoning: step.reasoning } : {}),
      toolCalls: step.toolCalls,
      usage: step.usage,
      durationMs: Math.round(performance.now() - started),
      ...(step.modelCallId ? { modelCallId: step.modelCallId } : {}),
    });

    if (step.toolCalls.length === 0) {
      nudges += 1;
      if (nudges > limits.maxNudges) return finish('incomplete', 'no-tool-calls');
      append({ role: 'user', content: nudgeMessage, nudge: true });
    } else {
      for (const call of step.toolCalls) {
        const result = await options.execute(call);
        append({ role: 'tool', toolCallId: call.toolCallId, toolName: call.toolName, content: result.output, isError: result.isError });
      }
      if (step.toolCalls.at(-1)?.toolName === endToolName) return finish('completed', 'end-task');
    }

    // The conversation size: what the provider counted for the last call where it said, else an estimate.
    const reported = step.usage.inputTokens + step.usage.outputTokens;
    const size = Math.max(reported, conversationTokens(messages));
    if (size > limits.maxTokens) return finish('incomplete', 'token-cap');
  }
  return finish('incomplete', 'max-steps');
}
