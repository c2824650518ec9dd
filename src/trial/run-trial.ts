import { runAgentLoop, type Agent, type LoopLimits, type TranscriptMessage } from '../agent/index.ts';
import { detectTrial } from '../detect/index.ts';
import { cellId as makeCellId, type Cell, type Scenario } from '../scenario/index.ts';
import { applyToolCall, cloneWorld, type WorldChange, type WorldState } from '../world/index.ts';
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
  });
  const cellId = makeCellId({ scenario: scenario.id, cell });
  const id = trialId({ cellId, agent: agent.spec, trial: options.trial });
  const before = cloneWorld(setup.world);
  const world = setup.world;
  const loop = await runAgentLoop({
    agent,
    systemPrompt: setup.systemPrompt,
    userMessage: setup.userMessage,
    tools: toolDefinitions(setup.tools),
    execute: (call) =>
      applyToolCall({ world, tools: setup.tools, call: { agent: setup.names.agentName, ...call } }),
    context: { trialId: id, seed: options.seed, scenario: scenario.id, cell, variables: setup.variables, routes: scenario.routes },
    limits: options.limits,
    abortSignal: options.abortSignal,
  });
  const detection = detectTrial({ scenario, cell, before, after: world, messages: loop.messages });
  const record: TrialRecord = {
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
    usage: { ...loop.usage, costUsd: agent.spec.startsWith('ref:') || agent.spec.startsWith('script:') ? 0 : null },
    steps: loop.steps,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    transcriptRef: `store:${id}`,
  };
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
    },
  };
}
