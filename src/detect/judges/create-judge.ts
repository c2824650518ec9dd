import { randomUUID } from 'node:crypto';
import { generateText, type LanguageModel } from 'ai';
import { z } from 'zod';
import {
  estimateCost,
  type ModelCallRecorder,
  type TranscriptMessage,
  type Usage,
} from '../../agent/index.ts';
import { modelCallKey, resolveLanguageModel, toAgentError, toUsage } from '../../agent/model/index.ts';
import type { PeerwatchConfig } from '../../config/index.ts';
import type { Cell, TrialNames } from '../../scenario/index.ts';
import type { WorldState } from '../../world/index.ts';
import { judgeTrial } from './judge-trial.ts';

/** The judge the paper used (section 5). */
export const defaultJudgeSpec = 'openai:gpt-4.1-mini';

/** A judge's settings: deterministic, room for a short explanation. */
export const judgeSettings = { temperature: 0, maxOutputTokens: 1024 } as const;

/** A detection value as the trial record holds it. */
export type DetectionValue = boolean | number | string | null;

/**
 * One judged field of a trial record (`record.judgements[field]`): which judge and rubric, its raw answer, the value
 * it parsed to (`null` when unparseable or failed), the deterministic detector's value where one ran, and whether
 * the two agree. Fields decided by the same judge call share its `modelCallId`.
 */
export type Judgement = {
  judge: string;
  rubric: string;
  raw: string | null;
  value: DetectionValue;
  deterministic: DetectionValue;
  /** `null` when either side is undecided. */
  agree: boolean | null;
  modelCallId: string | null;
  /** Cost of the judge call at list price; `null` when unknown or when the answer came from the cache. */
  costUsd: number | null;
  error?: string;
};

/** A judge's raw answer to one prompt, or why there is none. */
export type JudgeAnswer =
  | { raw: string; modelCallId: string; usage: Usage; costUsd: number | null; cached: boolean }
  | { error: string };

/** What judging one trial needs: the trial's identity, its conversation, its final world and its detections. */
export type JudgeTrialInput = {
  trialId: string;
  cell: Cell;
  names: TrialNames;
  messages: readonly TranscriptMessage[];
  worldAfter: WorldState;
  /** The deterministic detectors' values. */
  detections: Record<string, DetectionValue>;
  modelCalls?: ModelCallRecorder;
  abortSignal?: AbortSignal;
};

/** The judged detections (deterministic values kept where unambiguous) and one judgement per judged field. */
export type JudgeTrialResult = { detections: Record<string, DetectionValue>; judgements: Record<string, Judgement> };

/** An LLM judge: asks one rubric prompt, and judges a whole trial. */
export type TrialJudge = {
  spec: string;
  ask: (options: { rubric: string; prompt: string; trialId: string | null; modelCalls?: ModelCallRecorder; abortSignal?: AbortSignal }) => Promise<JudgeAnswer>;
  judgeTrial: (input: JudgeTrialInput) => Promise<JudgeTrialResult>;
};

const recordedAnswerSchema = z.object({ text: z.string(), usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), cachedInputTokens: z.number(), reasoningTokens: z.number() }) });

/**
 * Creates an LLM judge from a model spec, through the same provider registry as agents (a missing key or unknown
 * provider is a `UsageError`). Each call is one user message at temperature 0, looked up in and recorded to the
 * trial's model-call recorder, so re-judging a stored run repeats no call it already made. `model` replaces the
 * resolved model (tests, custom providers).
 */
export function createJudge(options: { spec: string; config: PeerwatchConfig; env?: NodeJS.ProcessEnv; model?: LanguageModel; maxRetries?: number }): TrialJudge {
  const { spec, config } = options;
  const model = options.model ?? resolveLanguageModel({ spec, config, env: options.env }).model;
  const settings = { ...judgeSettings };

  const judge: TrialJudge = {
    spec,
    ask: async ({ rubric, prompt, trialId, modelCalls, abortSignal }) => {
      const messages: TranscriptMessage[] = [{ role: 'user', content: prompt }];
      // No trial in the key: the same prompt gets the same answer at temperature 0, whichever trial asks.
      const key = modelCallKey({ model: spec, messages, tools: [], settings, trialId: null, purpose: `judge:${rubric}` });
      const cached = modelCalls?.find(key);
      const recorded = cached ? recordedAnswerSchema.safeParse(cached.response) : null;
      if (cached && recorded?.success) {
        return { raw: recorded.data.text, modelCallId: cached.id, usage: recorded.data.usage, costUsd: null, cached: true };
      }
      try {
        const result = await generateText({
          model,
          messages: [{ role: 'user', content: prompt }],
          temperature: settings.temperature,
          maxOutputTokens: settings.maxOutputTokens,
          // A judge call is not rescheduled like a trial, so it retries a couple of times itself.
          maxRetries: options.maxRetries ?? 2,
          timeout: 120_000,
          abortSignal,
        });
        const usage = toUsage(result.usage);
        const id = randomUUID();
        modelCalls?.record({
          id,
          trialId,
          step: null,
          key,
          model: spec,
          request: { purpose: `judge:${rubric}`, settings, prompt },
          response: { text: result.text, usage, finishReason: result.finishReason, responseModel: result.response.modelId ?? null },
          createdAt: new Date().toISOString(),
        });
        return { raw: result.text, modelCallId: id, usage, costUsd: estimateCost({ model: spec, usage, config }), cached: false };
      } catch (error) {
        return { error: toAgentError({ error, model: spec }).message };
      }
    },
    judgeTrial: (input) => judgeTrial({ judge, input }),
  };
  return judge;
}
