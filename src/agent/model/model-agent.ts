import { randomUUID } from 'node:crypto';
import { generateText, type AssistantContent, type ToolSet } from 'ai';
import { z } from 'zod';
import type { PeerwatchConfig } from '../../config/index.ts';
import { familyForModel } from '../../scenario/index.ts';
import type { Agent, AgentStep, AgentToolCall, ToolDefinition, Usage } from '../agent.ts';
import { stepIndex } from '../reference/play-route.ts';
import { estimateCost } from './estimate-cost.ts';
import { modelCallKey } from './model-call-key.ts';
import { answerSettings, modelSettings, reasoningProviderOptions, type ModelSettings } from './model-settings.ts';
import { toAgentError } from './provider-error.ts';
import { resolveLanguageModel } from './provider-registry.ts';
import { toModelMessages } from './to-model-messages.ts';

/** What a model call's record keeps of the answer: enough to replay the step and the provider's own content. */
export const recordedStepSchema = z.object({
  text: z.string(),
  reasoning: z.string().nullable(),
  toolCalls: z.array(z.object({ toolCallId: z.string(), toolName: z.string(), input: z.record(z.string(), z.unknown()) })),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), cachedInputTokens: z.number(), reasoningTokens: z.number() }),
  finishReason: z.string(),
  /** The model id the provider says answered. */
  responseModel: z.string().nullable(),
  /** The assistant turn as the provider returned it (with reasoning and thought signatures), sent back next turn. */
  assistantContent: z.unknown(),
});
export type RecordedStep = z.infer<typeof recordedStepSchema>;

/** Usage in peerwatch's shape from the AI SDK's (missing counts are 0). */
export function toUsage(usage: {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  inputTokenDetails?: { cacheReadTokens?: number | undefined };
  outputTokenDetails?: { reasoningTokens?: number | undefined };
}): Usage {
  return {
    inputTokens: usage.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    cachedInputTokens: usage.inputTokenDetails?.cacheReadTokens ?? 0,
    reasoningTokens: usage.outputTokenDetails?.reasoningTokens ?? 0,
  };
}

/** A tool call's input as an object. Unparseable JSON from the model becomes `{}`; the world validates it like any input. */
function inputObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'string') {
    try {
      return inputObject(JSON.parse(input));
    } catch {
      return {};
    }
  }
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

function toolSet(tools: readonly ToolDefinition[]): ToolSet {
  // No `execute`: the SDK hands the calls back and peerwatch's loop runs them against the world.
  return Object.fromEntries(tools.map((tool) => [tool.name, { description: tool.description, inputSchema: tool.inputSchema }]));
}

/** Keeps the provider's content of recent assistant turns, bounded, for turns sent back on the next steps. */
class ContentMemory {
  private readonly entries = new Map<string, AssistantContent>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get(id: string): AssistantContent | undefined {
    return this.entries.get(id);
  }

  set(id: string, content: AssistantContent): void {
    this.entries.delete(id);
    this.entries.set(id, content);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

const assistantContentSchema = z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]);

/**
 * A real model as an agent: each `step()` is one `generateText` call with the scenario's tools (no `execute`, so
 * the shared paper loop runs them), at the paper's settings unless the config or command line says otherwise. Every
 * call is looked up in the trial's model-call recorder first (a rerun makes no API call) and recorded after. Provider
 * failures become `AgentError`s, retryable for rate limits, server errors and timeouts; retries are the scheduler's.
 */
export function createModelAgent(options: {
  spec: string;
  config: PeerwatchConfig;
  settings?: Partial<ModelSettings>;
  env?: NodeJS.ProcessEnv;
}): Agent {
  const { spec, config } = options;
  const resolved = resolveLanguageModel({ spec, config, env: options.env });
  const settings = modelSettings({ config, overrides: options.settings });
  const keySettings = answerSettings(settings);
  const providerOptions = reasoningProviderOptions({ providerType: resolved.providerType, reasoningEffort: settings.reasoningEffort });
  const memory = new ContentMemory(4096);

  const fromRecord = (id: string, recorded: RecordedStep): AgentStep => {
    const content = assistantContentSchema.safeParse(recorded.assistantContent);
    if (content.success) memory.set(id, content.data as AssistantContent);
    return {
      text: recorded.text,
      ...(recorded.reasoning ? { reasoning: recorded.reasoning } : {}),
      toolCalls: recorded.toolCalls,
      usage: recorded.usage,
      modelCallId: id,
    };
  };

  return {
    spec,
    family: familyForModel(resolved.modelId),
    costOf: (usage) => estimateCost({ model: spec, usage, config }),
    step: async ({ messages, tools, context, abortSignal }) => {
      const recorder = context.modelCalls;
      const step = stepIndex(messages) + 1;
      const key = modelCallKey({ model: spec, messages, tools, settings: keySettings, trialId: context.trialId });
      const cached = recorder?.find(key);
      if (cached) {
        const recorded = recordedStepSchema.safeParse(cached.response);
        if (recorded.success) return fromRecord(cached.id, recorded.data);
      }

      const prompt = toModelMessages({ messages, assistantContent: (id) => memory.get(id) });
      let result;
      try {
        result = await generateText({
          model: resolved.model,
          instructions: prompt.instructions,
          messages: prompt.messages,
          tools: toolSet(tools),
          temperature: settings.temperature,
          maxOutputTokens: settings.maxOutputTokens,
          ...(settings.reasoningEffort === null ? {} : { reasoning: settings.reasoningEffort }),
          ...(providerOptions === undefined ? {} : { providerOptions }),
          maxRetries: 0,
          timeout: settings.timeoutSeconds * 1000,
          abortSignal,
        });
      } catch (error) {
        throw toAgentError({ error, model: spec, timeoutSeconds: settings.timeoutSeconds });
      }

      const toolCalls: AgentToolCall[] = result.toolCalls.map((call) => ({
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        input: inputObject(call.input),
      }));
      const assistant = result.responseMessages.find((message) => message.role === 'assistant');
      const recordedStep: RecordedStep = {
        text: result.text,
        reasoning: result.reasoningText ?? null,
        toolCalls,
        usage: toUsage(result.usage),
        finishReason: result.finishReason,
        responseModel: result.response.modelId ?? null,
        assistantContent: assistant?.content ?? null,
      };
      const id = randomUUID();
      recorder?.record({
        id,
        trialId: context.trialId,
        step,
        key,
        model: spec,
        request: {
          provider: resolved.provider,
          modelId: resolved.modelId,
          settings: keySettings,
          tools: tools.map((tool) => tool.name),
          messages: messages.length,
        },
        response: recordedStep,
        createdAt: new Date().toISOString(),
      });
      return fromRecord(id, recordedStep);
    },
  };
}
