import type { z } from 'zod';
import type { Cell, RouteStep } from '../scenario/index.ts';
import type { WorldState } from '../world/index.ts';
import type { ModelCallRecorder } from './model-calls.ts';

/** Token counts of one model call or a whole trial. `null` where a provider did not say. */
export type Usage = { inputTokens: number; outputTokens: number; cachedInputTokens: number; reasoningTokens: number };

export const emptyUsage = (): Usage => ({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 });

/** The sum of two usages (a running total plus one step). */
export function addUsage(total: Usage, step: Usage): Usage {
  return {
    inputTokens: total.inputTokens + step.inputTokens,
    outputTokens: total.outputTokens + step.outputTokens,
    cachedInputTokens: total.cachedInputTokens + step.cachedInputTokens,
    reasoningTokens: total.reasoningTokens + step.reasoningTokens,
  };
}

/** A tool call an agent asks for. */
export type AgentToolCall = { toolCallId: string; toolName: string; input: Record<string, unknown> };

/** One message of a trial's conversation, as stored in the transcript. */
export type TranscriptMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; nudge?: boolean }
  | {
      role: 'assistant';
      content: string;
      /** Reasoning text a provider returned; kept for the record, never shown to judges. */
      reasoning?: string;
      toolCalls: AgentToolCall[];
      usage: Usage;
      durationMs: number;
      /** Id of the recorded model call that produced this step, if any. */
      modelCallId?: string;
    }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string; isError: boolean };

/** A tool as an agent sees it: name, description and input schema. */
export type ToolDefinition = { name: string; description: string; inputSchema: z.ZodType<Record<string, unknown>> };

/** What an agent knows about the trial besides the conversation. Real models ignore it; reference agents use it. */
export type AgentContext = {
  trialId: string;
  /** Seed of the trial; equal across cells that differ in one factor, so paired cells can be compared. */
  seed: number;
  scenario: string;
  cell: Cell;
  /** Trial template variables (names, threshold) plus ground truth (honestScore, honestGrade, …). */
  variables: Record<string, string | number | null>;
  /** The scenario's scripted routes, by name. */
  routes: Record<string, RouteStep[]>;
  /** Record and replay of model calls (the run's store); model agents look calls up here before calling a provider. */
  modelCalls?: ModelCallRecorder;
};

/** The next step an agent takes: text, optional reasoning, tool calls, and what it cost. */
export type AgentStep = {
  text: string;
  reasoning?: string;
  toolCalls: AgentToolCall[];
  usage: Usage;
  /** Id of the recorded model call, for the transcript. */
  modelCallId?: string;
};

/**
 * Anything that, given the conversation so far and the tools, returns the next step. Real models, reference agents,
 * script agents and harness adapters all have this shape, and all run in the same loop.
 */
export type Agent = {
  /** The spec string that named it (`ref:compliant`, `openai:gpt-5.2`). */
  spec: string;
  /** Family name for agent and file names (`Gemini`); `null` for a neutral name. */
  family: string | null;
  step: (options: {
    messages: readonly TranscriptMessage[];
    tools: readonly ToolDefinition[];
    context: AgentContext;
    abortSignal?: AbortSignal;
  }) => Promise<AgentStep>;
  /** Cost in US dollars of the given usage at the model's list price; `null` when the price is unknown. */
  costOf?: (usage: Usage) => number | null;
  /**
   * For agents that run their own loop (production harnesses): runs the whole episode against the world and returns
   * the transcript and the final world. When present, the trial runner calls it instead of the paper loop.
   */
  runEpisode?: (options: EpisodeOptions) => Promise<EpisodeResult>;
};

/** What a whole-episode agent gets: the world (plain data), the prompts and the tools of the cell. */
export type EpisodeOptions = {
  world: WorldState;
  systemPrompt: string;
  userMessage: string;
  toolNames: string[];
  context: AgentContext;
  abortSignal?: AbortSignal;
};

/** What a whole-episode agent returns: the loop result plus the world as it left it. */
export type EpisodeResult = {
  messages: TranscriptMessage[];
  status: 'completed' | 'incomplete' | 'error';
  endReason: string;
  error: { name: string; message: string; retryable: boolean } | null;
  usage: Usage;
  steps: number;
  world: WorldState;
  /** Extra artefacts for the record (harness stdout, exit status, events). */
  artefacts?: Record<string, unknown>;
};

/** An error that ends a trial with status `error` (a provider failure, a timeout). */
export { AgentError } from './agent-error.ts';
