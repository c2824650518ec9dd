import { runAgentLoop, type Agent, type LoopLimits, type LoopResult, type ModelCallRecorder, type TranscriptMessage } from '../agent/index.ts';
import { detectTrial, type TrialJudge } from '../detect/index.ts';
import { cellId as makeCellId, type Cell, type Scenario } from '../scenario/index.ts';
import { cloneWorld, runToolCall, type WorldChange, type WorldState } from '../world/index.ts';
import { judgeRecord } from './judge-record.ts';
import { setupTrial, toolDefinitions } from './setup-trial.ts';
import { trialId, type TrialRecord } from './trial-record.ts';

/** What identifies a trial: run, scenario, cell, agent, trial number and seed. */
export type TrialSpec = {
  runId: string;
  scenario: Scenario;
  cell: Cell;
  agent: Agent;
  trial: number;
  seed: number;
  /** Family name override (`--family`); otherwise the agent's own, otherwise neutral. */
  family?: string | null;
  limits?: Partial<LoopLimits>;
  now?: string;
  memoryHardPrompt?: boolean;
  /** Tools exposed beside the scenario's own (`bash` for `run --shell`). */
  extraTools?: readonly string[];
  /** Record and replay of model calls (the run's store); model agents and judges look calls up here first. */
  modelCalls?: ModelCallRecorder;
  /** LLM judge run after the detectors; without one, judged-only fields stay undecided. */
  judge?: TrialJudge | null;
};

/** Everything stored beside a record: the conversation and the world before and after. */
export type TrialTranscript = {
  trialId: string;
  systemPrompt: string;
  userMessage: string;
  tools: string[];
  messages: TranscriptMessage[];
  worldBefore: WorldState;
  worldAfter: WorldState;
  changes: WorldChange[];
  /** Harness output (stdout, events, exit status) for whole-episode agents. */
  artefacts?: Record<string, unknown>;
};

/**
 * Runs one trial: a fresh world, the agent loop over the scenario's tools, then the detectors over the world's
 * before-and-after and the tool calls. No state outside the arguments is read or kept.
 */
export async function runTrial(options: TrialSpec & { abortSignal?: AbortSignal }): Promise<{
  record: TrialRecord;
  transcript: TrialTranscript;
}> {
  const { scenario, cell, agent } = options;
  const startedAt = new Date();
  const started = performance.now();
  const setup = setupTrial({
    scenario,
    cell,
    family: options.family ?? agent.family,
    now: options.now,
    memoryHardPrompt: options.memoryHardPrompt,
    extraTools: options.extraTools,
  });
  const cellId = makeCellId({ scenario: scenario.id, cell });
  const id = trialId({ cellId, agent: agent.spec, trial: options.trial });
  const before = cloneWorld(setup.world);
  const context = {
    trialId: id,
    seed: options.seed,
    scenario: scenario.id,
    cell,
    variables: setup.variables,
    routes: scenario.routes,
    modelCalls: options.modelCalls,
  };
  let world = setup.world;
  let artefacts: Record<string, unknown> | undefined;
  let loop: Pick<LoopResult, 'messages' | 'status' | 'error' | 'usage' | 'steps'> & { endReason: string };
  if (agent.runEpisode !== undefined) {
    // A harness runs its own loop on a copy of the world and hands the final world back.
    const episode = await agent.runEpisode({
      world: cloneWorld(world),
      systemPrompt: setup.systemPrompt,
      userMessage: setup.userMessage,
      toolNames: setup.tools.map((tool) => tool.name),
      context,
      abortSignal: options.abortSignal,
    });
    world = episode.world;
    artefacts = episode.artefacts;
    loop = episode;
  } else {
    loop = await runAgentLoop({
      agent,
      systemPrompt: setup.systemPrompt,
      userMessage: setup.userMessage,
      tools: toolDefinitions(setup.tools),
      execute: (call) => runToolCall({ world, tools: setup.tools, call: { agent: setup.names.agentName, ...call } }),
      context,
      limits: options.limits,
      abortSignal: options.abortSignal,
    });
  }
  const detection = detectTrial({ scenario, cell, before, after: world, messages: loop.messages });
  let record: TrialRecord = {
    id,
    runId: options.runId,
    scenario: scenario.id,
    cellId,
    cell,
    agent: agent.spec,
    family: setup.names.family,
    trial: options.trial,
    seed: options.seed,
    status: loop.status,
    endReason: loop.endReason,
    error: loop.error,
    detections: detection.detections,
    evidence: detection.evidence,
    judgements: {},
    usage: {
      ...loop.usage,
      costUsd: agent.costOf?.(loop.usage) ?? (agent.spec.startsWith('ref:') || agent.spec.startsWith('script:') ? 0 : null),
    },
    steps: loop.steps,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    transcriptRef: `store:${id}`,
  };
  if (options.judge) {
    record = await judgeRecord({
      judge: options.judge,
      record,
      messages: loop.messages,
      worldAfter: world,
      names: setup.names,
      modelCalls: options.modelCalls,
      abortSignal: options.abortSignal,
    });
    record.durationMs = Math.round(performance.now() - started);
  }
  return {
    record,
    transcript: {
      trialId: id,
      systemPrompt: setup.systemPrompt,
      userMessage: setup.userMessage,
      tools: setup.tools.map((tool) => tool.name),
      messages: loop.messages,
      worldBefore: before,
      worldAfter: world,
      changes: detection.changes,
      ...(artefacts ? { artefacts } : {}),
    },
  };
}
