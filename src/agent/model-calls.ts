/**
 * A recorded model call: its cache key, what was asked (never a key or a header) and what came back. The run store
 * keeps these in its `model_calls` table; the shape matches `ModelCallRecord` there.
 */
export type ModelCall = {
  id: string;
  /** The trial the call belongs to, or `null` for calls outside a trial. */
  trialId: string | null;
  /** 1-based step of the agent loop, or `null` for judge calls. */
  step: number | null;
  /** Hash of model spec, conversation, tool schemas, settings and trial: equal keys mean interchangeable calls. */
  key: string;
  /** The model spec (`openai:gpt-5.2`). */
  model: string;
  request: unknown;
  response: unknown;
  createdAt: string;
};

/**
 * Where model calls are looked up before a provider is called and recorded after it answered: record and replay.
 * The run's store implements it (with `--cache-from` runs behind it); tests use `createMemoryModelCalls`.
 */
export type ModelCallRecorder = {
  /** The recorded call with this key, if any. */
  find: (key: string) => ModelCall | null;
  record: (call: ModelCall) => void;
};

/** A recorder that keeps calls in memory (tests, one-off scripts). */
export function createMemoryModelCalls(): ModelCallRecorder & { calls: ModelCall[] } {
  const calls: ModelCall[] = [];
  return {
    calls,
    find: (key) => calls.findLast((call) => call.key === key) ?? null,
    record: (call) => {
      calls.push(call);
    },
  };
}
