import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createReferenceAgent, estimateTokens, type TranscriptMessage } from '../agent/index.ts';
import { estimateCost, toolJsonSchema } from '../agent/model/index.ts';
import type { PeerwatchConfig } from '../config/index.ts';
import { judgeTranscript } from '../detect/index.ts';
import type { Cell, Scenario } from '../scenario/index.ts';
import { runTrial, setupTrial, toolDefinitions } from '../trial/index.ts';
import type { Plan } from './plan.ts';
import { isLocalProvider, providerOf } from './provider-of.ts';
import { storeFileName, storeSchemaVersion } from './store.ts';

/** What one trial of a scenario is expected to take from a model (and from the judge, if one runs). */
export type TrialProfile = {
  modelCalls: number;
  inputTokens: number;
  outputTokens: number;
  judgeCalls: number;
  judgeInputTokens: number;
  judgeOutputTokens: number;
  /** Where the numbers come from: `reference routes` or `earlier runs`. */
  source: 'reference routes' | 'earlier runs';
  /** How many trials they are averaged over. */
  sampleTrials: number;
};

/** The dry-run estimate of a plan. */
export type PlanEstimate = {
  trials: number;
  /** Trials of the plan already stored (a resumed run): they are not counted again. */
  storedTrials: number;
  sequential: { maxWidth: number; maxTrials: number; roundSize: number } | null;
  scenarios: Array<{
    scenario: string;
    cells: number;
    agents: number;
    trialsPerCell: number;
    trials: number;
    modelCalls: number;
    inputTokens: number;
    outputTokens: number;
    source: string;
  }>;
  agents: Array<{
    agent: string;
    provider: string;
    trials: number;
    modelCalls: number;
    inputTokens: number;
    outputTokens: number;
    /** `null` when the model's price is unknown. */
    costUsd: number | null;
  }>;
  judge: { spec: string; calls: number; inputTokens: number; outputTokens: number; costUsd: number | null } | null;
  totals: { modelCalls: number; inputTokens: number; outputTokens: number; costUsd: number | null; knownCostUsd: number; unknownPrices: string[] };
};

/** Output tokens a judge answer takes (a short reasoning and the verdict). */
const judgeAnswerTokens = 150;

/** Tokens of a judge rubric around the transcript it is given (the paper's rubrics run to 300–600). */
const judgeRubricTokens = 500;

function messageTokens(message: TranscriptMessage): number {
  if (message.role === 'assistant') return estimateTokens(message.content) + estimateTokens(JSON.stringify(message.toolCalls.map((call) => ({ name: call.toolName, input: call.input }))));
  return estimateTokens(message.content);
}

/** Calls the paper's judge makes for a trial with these detections (see `judgeTrial`): two always, plus rubrics. */
function judgeCallsFor(detections: Record<string, unknown>): number {
  const score = 'reportedScore' in detections ? 1 : 0;
  const finance = 'reportedGrade' in detections || 'recommendation' in detections ? 1 : 0;
  const refusal = 'refusal' in detections && score + finance === 0 ? 1 : 0;
  return 2 + score + finance + refusal;
}

/**
 * The profile of a scenario from its reference routes: `ref:mixed` trials (every behaviour in its share) on a few of
 * the plan's cells, counting each step as one model call whose input is the conversation so far plus the tool
 * definitions (four characters a token). Real models write more than the routes do (reasoning above all), so this
 * is a floor for output tokens; earlier runs in the same output folder give better numbers.
 */
export async function referenceProfile(options: { scenario: Scenario; cells: readonly Cell[]; family?: string | null; samplesPerCell?: number }): Promise<TrialProfile> {
  const agent = createReferenceAgent('mixed');
  const step = Math.max(1, Math.floor(options.cells.length / 4));
  const cells = options.cells.filter((_, index) => index % step === 0).slice(0, 4);
  const samples = options.samplesPerCell ?? 8;
  let trials = 0;
  const totals = { modelCalls: 0, inputTokens: 0, outputTokens: 0, judgeCalls: 0, judgeInputTokens: 0 };
  for (const cell of cells) {
    const setup = setupTrial({ scenario: options.scenario, cell, family: options.family });
    const tools = toolDefinitions(setup.tools).map((tool) => ({ name: tool.name, description: tool.description, parameters: toolJsonSchema(tool) }));
    const toolTokens = estimateTokens(JSON.stringify(tools));
    for (let sample = 1; sample <= samples; sample += 1) {
      const { record, transcript } = await runTrial({ runId: 'estimate', scenario: options.scenario, cell, agent, trial: sample, seed: 7919 * sample, family: options.family });
      let context = toolTokens;
      for (const message of transcript.messages) {
        if (message.role === 'assistant') {
          totals.modelCalls += 1;
          totals.inputTokens += context;
          totals.outputTokens += messageTokens(message);
        }
        context += messageTokens(message);
      }
      const calls = judgeCallsFor(record.detections);
      totals.judgeCalls += calls;
      totals.judgeInputTokens += calls * (judgeRubricTokens + estimateTokens(judgeTranscript(transcript.messages)));
      trials += 1;
    }
  }
  const mean = (value: number) => (trials === 0 ? 0 : value / trials);
  return {
    modelCalls: mean(totals.modelCalls),
    inputTokens: mean(totals.inputTokens),
    outputTokens: mean(totals.outputTokens),
    judgeCalls: mean(totals.judgeCalls),
    judgeInputTokens: mean(totals.judgeInputTokens),
    judgeOutputTokens: mean(totals.judgeCalls) * judgeAnswerTokens,
    source: 'reference routes',
    sampleTrials: trials,
  };
}

/**
 * The profile of a scenario from earlier runs in `directory` (each subfolder a run folder): the mean steps and tokens
 * of finished trials of model agents, preferring `agent`'s own trials, with the judge calls they recorded. `null` when
 * no run there has such trials. Run folders of another store version are skipped.
 */
export function historyProfile(options: { directory: string; scenario: string; agent: string }): TrialProfile | null {
  if (!existsSync(options.directory)) return null;
  let entries: string[];
  try {
    entries = readdirSync(options.directory);
  } catch {
    return null;
  }
  type Row = { agent: string; trials: number; steps: number; input: number; output: number };
  const rows: Row[] = [];
  const judge = { trials: 0, calls: 0, input: 0, output: 0 };
  for (const entry of entries) {
    const file = path.join(options.directory, entry, storeFileName);
    if (!existsSync(file)) continue;
    let database: DatabaseSync | null = null;
    try {
      database = new DatabaseSync(file, { readOnly: true });
      const version = database.prepare("SELECT value FROM meta WHERE key = 'schemaVersion'").get() as { value: string } | undefined;
      if (version === undefined || JSON.parse(version.value) !== storeSchemaVersion) continue;
      const found = database
        .prepare(
          `SELECT agent, count(*) AS trials, sum(record ->> '$.steps') AS steps, sum(record ->> '$.usage.inputTokens') AS input,
                  sum(record ->> '$.usage.outputTokens') AS output
             FROM trials WHERE scenario = ? AND status <> 'error' AND agent NOT LIKE 'ref:%' AND agent NOT LIKE 'script:%'
                  AND (record ->> '$.usage.inputTokens') > 0
             GROUP BY agent`,
        )
        .all(options.scenario) as Row[];
      rows.push(...found.map((row) => ({ ...row })));
      const trialCount = found.reduce((sum, row) => sum + row.trials, 0);
      if (trialCount > 0) {
        const calls = database
          .prepare(
            `SELECT count(*) AS calls, coalesce(sum(response ->> '$.usage.inputTokens'), 0) AS input, coalesce(sum(response ->> '$.usage.outputTokens'), 0) AS output
               FROM model_calls WHERE step IS NULL AND trial_id IN (SELECT id FROM trials WHERE scenario = ?)`,
          )
          .get(options.scenario) as { calls: number; input: number; output: number };
        judge.trials += trialCount;
        judge.calls += calls.calls;
        judge.input += calls.input;
        judge.output += calls.output;
      }
    } catch {
      continue; // not a readable run folder: skip it
    } finally {
      database?.close();
    }
  }
  const own = rows.filter((row) => row.agent === options.agent);
  const chosen = own.length > 0 ? own : rows;
  const trials = chosen.reduce((sum, row) => sum + row.trials, 0);
  if (trials === 0) return null;
  const sum = (key: 'steps' | 'input' | 'output') => chosen.reduce((total, row) => total + row[key], 0) / trials;
  const perJudgedTrial = (value: number) => (judge.trials === 0 ? 0 : value / judge.trials);
  return {
    modelCalls: sum('steps'),
    inputTokens: sum('input'),
    outputTokens: sum('output'),
    judgeCalls: perJudgedTrial(judge.calls),
    judgeInputTokens: perJudgedTrial(judge.input),
    judgeOutputTokens: perJudgedTrial(judge.output),
    source: 'earlier runs',
    sampleTrials: trials,
  };
}

/**
 * Estimates a plan before it runs: per scenario the trials, model calls and tokens, per agent the same with the
 * cost at list price (`estimateCost`; `null` when the price is unknown), and the judge's share. Reference and script
 * agents make no model calls. Numbers come from earlier runs in `historyDirectory` where there are some, otherwise
 * from the scenario's reference routes. With `sequential`, every cell is counted at its maximum.
 */
export async function estimatePlan(options: {
  plan: Plan;
  config: PeerwatchConfig;
  judge?: string | null;
  family?: string | null;
  historyDirectory?: string | null;
  /** Ids of trials already stored (resume): not counted. */
  storedTrialIds?: ReadonlySet<string>;
  sequential?: { maxWidth: number; maxTrials: number; roundSize: number } | null;
}): Promise<PlanEstimate> {
  const { plan, config } = options;
  const stored = options.storedTrialIds ?? new Set<string>();
  const remaining = plan.trials.filter((trial) => !stored.has(trial.id));
  const profiles = new Map<string, TrialProfile>();
  const profileOf = async (scenario: Scenario, agent: string): Promise<TrialProfile> => {
    const key = `${scenario.id}\u0000${agent}`;
    let profile = profiles.get(key);
    if (profile === undefined) {
      const history = options.historyDirectory ? historyProfile({ directory: options.historyDirectory, scenario: scenario.id, agent }) : null;
      const referenceKey = `${scenario.id}\u0000(reference)`;
      let reference = profiles.get(referenceKey);
      if (history === null && reference === undefined) {
        const cells = plan.cells.filter((entry) => entry.scenario.id === scenario.id).map((entry) => entry.cell);
        reference = await referenceProfile({ scenario, cells, family: options.family });
        profiles.set(referenceKey, reference);
      }
      profile = history ?? reference!;
      profiles.set(key, profile);
    }
    return profile;
  };

  const scenarioRows = new Map<string, PlanEstimate['scenarios'][number]>();
  const agentRows = new Map<string, PlanEstimate['agents'][number] & { cachedInputTokens: number }>();
  const judgeTotals = { calls: 0, inputTokens: 0, outputTokens: 0 };
  for (const { scenario } of plan.cells) {
    if (!scenarioRows.has(scenario.id)) {
      scenarioRows.set(scenario.id, {
        scenario: scenario.id,
        cells: plan.cells.filter((entry) => entry.scenario.id === scenario.id).length,
        agents: plan.agents.length,
        trialsPerCell: plan.trialsPerCell,
        trials: 0,
        modelCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        source: '',
      });
    }
  }
  const sources = new Map<string, Set<string>>();
  for (const trial of remaining) {
    const provider = providerOf(trial.agent);
    const local = isLocalProvider(provider);
    const row = scenarioRows.get(trial.scenario.id)!;
    row.trials += 1;
    let agentRow = agentRows.get(trial.agent);
    if (agentRow === undefined) {
      agentRow = { agent: trial.agent, provider, trials: 0, modelCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, cachedInputTokens: 0 };
      agentRows.set(trial.agent, agentRow);
    }
    agentRow.trials += 1;
    if (local && !options.judge) continue;
    const profile = await profileOf(trial.scenario, trial.agent);
    const set = sources.get(trial.scenario.id) ?? new Set<string>();
    set.add(profile.source === 'earlier runs' ? `earlier runs (${profile.sampleTrials} trials)` : 'reference routes');
    sources.set(trial.scenario.id, set);
    if (!local) {
      row.modelCalls += profile.modelCalls;
      row.inputTokens += profile.inputTokens;
      row.outputTokens += profile.outputTokens;
      agentRow.modelCalls += profile.modelCalls;
      agentRow.inputTokens += profile.inputTokens;
      agentRow.outputTokens += profile.outputTokens;
    }
    if (options.judge) {
      judgeTotals.calls += profile.judgeCalls;
      judgeTotals.inputTokens += profile.judgeInputTokens;
      judgeTotals.outputTokens += profile.judgeOutputTokens;
    }
  }
  for (const row of scenarioRows.values()) {
    row.modelCalls = Math.round(row.modelCalls);
    row.inputTokens = Math.round(row.inputTokens);
    row.outputTokens = Math.round(row.outputTokens);
    row.source = [...(sources.get(row.scenario) ?? new Set(['no model calls']))].join(', ');
  }
  const unknownPrices: string[] = [];
  const agents = [...agentRows.values()].map(({ cachedInputTokens: _cached, ...row }) => {
    const local = isLocalProvider(row.provider);
    const costUsd = local
      ? 0
      : estimateCost({ model: row.agent, usage: { inputTokens: Math.round(row.inputTokens), outputTokens: Math.round(row.outputTokens) }, config });
    if (costUsd === null) unknownPrices.push(row.agent);
    return { ...row, modelCalls: Math.round(row.modelCalls), inputTokens: Math.round(row.inputTokens), outputTokens: Math.round(row.outputTokens), costUsd };
  });
  let judge: PlanEstimate['judge'] = null;
  if (options.judge) {
    const usage = { inputTokens: Math.round(judgeTotals.inputTokens), outputTokens: Math.round(judgeTotals.outputTokens) };
    const costUsd = estimateCost({ model: options.judge, usage, config });
    if (costUsd === null) unknownPrices.push(options.judge);
    judge = { spec: options.judge, calls: Math.round(judgeTotals.calls), ...usage, costUsd };
  }
  const costs = [...agents.map((agent) => agent.costUsd), ...(judge === null ? [] : [judge.costUsd])];
  const knownCostUsd = costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0);
  return {
    trials: remaining.length,
    storedTrials: plan.trials.length - remaining.length,
    sequential: options.sequential ?? null,
    scenarios: [...scenarioRows.values()],
    agents,
    judge,
    totals: {
      modelCalls: agents.reduce((sum, agent) => sum + agent.modelCalls, 0) + (judge?.calls ?? 0),
      inputTokens: agents.reduce((sum, agent) => sum + agent.inputTokens, 0) + (judge?.inputTokens ?? 0),
      outputTokens: agents.reduce((sum, agent) => sum + agent.outputTokens, 0) + (judge?.outputTokens ?? 0),
      costUsd: unknownPrices.length > 0 ? null : knownCostUsd,
      knownCostUsd,
      unknownPrices,
    },
  };
}
