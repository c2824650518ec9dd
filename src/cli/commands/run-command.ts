import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveAgent, type Agent } from '../../agent/index.ts';
import { estimateCost } from '../../agent/model/index.ts';
import { loadConfig, type PeerwatchConfig } from '../../config/index.ts';
import type { TrialJudge } from '../../detect/index.ts';
import {
  buildPlan,
  createProgressReporter,
  createRunHeader,
  estimatePlan,
  executePlan,
  formatPlanEstimate,
  formatUsd,
  isLocalProvider,
  newRunId,
  planDigest,
  progressModes,
  providerOf,
  resolveProgressMode,
  RunStore,
  runInputsOf,
  sequentialRule,
  storeModelCalls,
  summarizeTrials,
  type CellFilter,
  type ExecutionSettings,
  type Plan,
  type ProgressMode,
  type RunHeader,
  type RunInputs,
  type SequentialRule,
} from '../../run/index.ts';
import { instantiationSchema, monitoringSchema, relationSchema, subjectSchema, type Scenario } from '../../scenario/index.ts';
import { setupTrial } from '../../trial/index.ts';
import { sha256, UsageError } from '../../util/index.ts';
import { bashToolName } from '../../world/index.ts';
import { choices, collect, collectNumbers, nonNegativeInteger, positiveInteger } from '../options.ts';
import { addModelOptions, isOfflineAgent, resolveJudge, withModelOptions, type ModelCommandOptions } from '../model-options.ts';
import { withHarnessOptions } from '../../harness/index.ts';
import { formatResultsTable } from '../results-table.ts';
import { loadSuite, selectScenarios } from '../suite.ts';
import { runReplay } from './run-replay.ts';

/** The agent a run uses when none is named: the reference population, so a new user sees the pipeline with no key. */
export const defaultAgents = ['ref:mixed'];

export type RunCommandOptions = ModelCommandOptions & {
  agent?: string[];
  relation?: string[];
  instantiation?: string[];
  subject?: string[];
  dataset?: string[];
  threshold?: number[];
  monitoring?: string[];
  family?: string;
  /** Also give the agent the `bash` tool over the same world. */
  shell?: boolean;
  trials: number;
  concurrency: number;
  seed: number;
  config?: string;
  scenarios?: string;
  out: string;
  json?: boolean;
  dryRun?: boolean;
  resume?: string;
  retryErrors?: boolean;
  maxRetries: number;
  trialTimeout?: number;
  /** Wall-clock seconds of one production-harness trial (`harness:` agents; default 600). */
  harnessTimeout?: number;
  maxCost?: number;
  untilCiWidth?: number;
  maxTrials?: number;
  roundSize: number;
  progress: ProgressMode;
};

/** Everything resolved and checked before a run writes anything. */
type PreparedRun = {
  scenarios: Scenario[];
  agents: Map<string, Agent>;
  judge: TrialJudge | null;
  plan: Plan;
  digest: string;
  sequential: SequentialRule | null;
};

function checkWritable(directory: string): void {
  const resolved = path.resolve(directory);
  try {
    // The folder, or the nearest part of its path that exists, must be a writable folder.
    let existing = resolved;
    while (!existsSync(existing)) existing = path.dirname(existing);
    if (!statSync(existing).isDirectory()) throw new Error(`${existing} is not a folder`);
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw new UsageError({ message: `--out ${directory}: output folder is not writable (${(error as Error).message})` });
  }
}

function peerwatchVersion(): string {
  try {
    const file = new URL('../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Loads scenarios, resolves agents and the judge, builds the plan and checks that every cell sets up. */
async function prepareRun(options: { inputs: RunInputs; config: PeerwatchConfig }): Promise<PreparedRun> {
  const { inputs, config } = options;
  const suite = loadSuite({ scenariosDirectory: inputs.scenariosDirectory ?? undefined });
  const scenarios = selectScenarios({ suite, ids: inputs.scenarioIds });
  const agents = new Map<string, Agent>();
  for (const spec of inputs.agents) agents.set(spec, await resolveAgent({ spec, config }));
  // The paper's judge by default when a real model runs; reference agents alone never call a provider.
  const judge = resolveJudge({
    config,
    defaultWhen: inputs.agents.some((spec) => !isOfflineAgent(spec)),
    warn: (message) => process.stderr.write(`peerwatch: ${message}\n`),
  });
  const plan = buildPlan({ scenarios, agents: inputs.agents, filter: inputs.filter, trialsPerCell: inputs.trialsPerCell, runSeed: inputs.seed });
  if (plan.trials.length === 0) {
    throw new UsageError({ message: 'no cell of the chosen scenarios matches the factor options; see `peerwatch list --cells`' });
  }
  // Every cell is set up once here: a broken scenario fails now, and the setups make the plan's digest.
  const setups: string[] = [];
  for (const { scenario, cell, cellId } of plan.cells) {
    for (const agent of agents.values()) {
      const setup = setupTrial({ scenario, cell, family: inputs.family ?? agent.family, extraTools: inputs.extraTools });
      setups.push(`${cellId}|${agent.spec}|${sha256(JSON.stringify([setup.systemPrompt, setup.userMessage, setup.tools.map((tool) => tool.name), setup.world]))}`);
    }
  }
  const sequential = inputs.sequential === null ? null : sequentialRule({ plan, ...inputs.sequential });
  return { scenarios, agents, judge, plan, digest: planDigest({ plan, setups }), sequential };
}

/** With `--max-cost`, every model the run pays for must have a price, or the budget could not be kept. */
function checkPrices(options: { agents: string[]; judge: string | null; config: PeerwatchConfig }): void {
  const models = [...options.agents.filter((spec) => !isLocalProvider(providerOf(spec))), ...(options.judge === null ? [] : [options.judge])];
  const unknown = models.filter((model) => estimateCost({ model, usage: { inputTokens: 1_000_000, outputTokens: 0 }, config: options.config }) === null);
  if (unknown.length > 0) {
    throw new UsageError({
      message: `--max-cost: no price is known for ${unknown.join(', ')}, so the spend cannot be counted; add it under prices: in peerwatch.config.yaml (US dollars per million input and output tokens)`,
    });
  }
}

/** The execution settings of a new run: the command line, else the config, else the defaults. */
function executionSettings(options: RunCommandOptions, command: Command | undefined, config: PeerwatchConfig): ExecutionSettings {
  const fromCli = command?.getOptionValueSource('concurrency') === 'cli';
  return {
    concurrency: fromCli ? options.concurrency : (config.concurrency ?? options.concurrency),
    providerConcurrency: { ...config.providerConcurrency },
    maxRetries: options.maxRetries,
    trialTimeoutSeconds: options.trialTimeout ?? null,
    maxCostUsd: options.maxCost ?? null,
  };
}

/** Options that shape the plan or the run folder: `--resume` takes them from the run header instead. */
const planOptions: Array<[keyof RunCommandOptions, string]> = [
  ['agent', '--agent'],
  ['relation', '--relation'],
  ['instantiation', '--instantiation'],
  ['subject', '--subject'],
  ['dataset', '--dataset'],
  ['threshold', '--threshold'],
  ['monitoring', '--monitoring'],
  ['family', '--family'],
  ['shell', '--shell'],
  ['trials', '--trials'],
  ['seed', '--seed'],
  ['scenarios', '--scenarios'],
  ['out', '--out'],
  ['untilCiWidth', '--until-ci-width'],
  ['maxTrials', '--max-trials'],
  ['roundSize', '--round-size'],
  ['temperature', '--temperature'],
  ['maxOutputTokens', '--max-output-tokens'],
  ['reasoningEffort', '--reasoning-effort'],
  ['judge', '--judge'],
  ['cacheFrom', '--cache-from'],
  ['replay', '--replay'],
];

/** `peerwatch run`: plans, checks everything, then runs trials into a new run folder (or resumes one). */
export async function runCommand(scenarioIds: string[], options: RunCommandOptions, command?: Command): Promise<void> {
  if (options.resume !== undefined) return resumeCommand(scenarioIds, options, command);
  if (options.replay !== undefined) return runReplay(scenarioIds, { ...options, replay: options.replay });
  if (options.retryErrors) throw new UsageError({ message: '--retry-errors re-runs the errored trials of a stored run; use it with --resume RUN_DIR' });
  if (options.untilCiWidth === undefined && (options.maxTrials !== undefined || command?.getOptionValueSource('roundSize') === 'cli')) {
    throw new UsageError({ message: '--max-trials and --round-size belong to sequential sampling; add --until-ci-width W (such as 0.2)' });
  }
  if (options.untilCiWidth !== undefined) {
    if (options.maxTrials === undefined) {
      throw new UsageError({ message: '--until-ci-width needs --max-trials N, the most trials a cell may run (such as 100)' });
    }
    if (command?.getOptionValueSource('trials') === 'cli') {
      throw new UsageError({ message: '--trials and --until-ci-width exclude each other: with sequential sampling, --max-trials caps the trials per cell' });
    }
  }
  // Everything is checked before anything is written.
  const config = withHarnessOptions({
    config: withModelOptions({ config: loadConfig({ file: options.config }).config, command: options }),
    timeoutSeconds: options.harnessTimeout,
  });
  const inputs: RunInputs = {
    scenarioIds,
    scenariosDirectory: options.scenarios === undefined ? null : path.resolve(options.scenarios),
    agents: options.agent && options.agent.length > 0 ? [...new Set(options.agent)] : defaultAgents,
    filter: {
      relation: options.relation,
      instantiation: options.instantiation,
      subject: options.subject,
      dataset: options.dataset,
      threshold: options.threshold,
      monitoring: options.monitoring,
    },
    trialsPerCell: options.untilCiWidth === undefined ? options.trials : options.maxTrials!,
    seed: options.seed,
    family: options.family ?? null,
    extraTools: options.shell ? [bashToolName] : [],
    cacheFrom: (options.cacheFrom ?? []).map((directory) => path.resolve(directory)),
    sequential:
      options.untilCiWidth === undefined ? null : { maxWidth: options.untilCiWidth, maxTrials: options.maxTrials!, roundSize: Math.min(options.roundSize, options.maxTrials!) },
  };
  const prepared = await prepareRun({ inputs, config });
  const execution = executionSettings(options, command, config);
  if (execution.maxCostUsd !== null) checkPrices({ agents: inputs.agents, judge: prepared.judge?.spec ?? null, config });

  if (options.dryRun) {
    const estimate = await estimatePlan({
      plan: prepared.plan,
      config,
      judge: prepared.judge?.spec ?? null,
      family: inputs.family,
      historyDirectory: path.resolve(options.out),
      sequential: inputs.sequential,
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ dryRun: true, ...estimate })}\n`);
    else process.stdout.write(`${formatPlanEstimate(estimate)}\nDry run: nothing was written.\n`);
    return;
  }

  checkWritable(options.out);
  const cacheFrom = inputs.cacheFrom.map((directory) => RunStore.open({ directory, readOnly: true }));
  const runId = newRunId();
  const outDir = path.resolve(options.out, runId);
  let store: RunStore;
  try {
    mkdirSync(options.out, { recursive: true });
    store = RunStore.create({ directory: outDir });
  } catch (error) {
    for (const source of cacheFrom) source.close();
    throw error;
  }
  try {
    const header = createRunHeader({
      runId,
      peerwatchVersion: peerwatchVersion(),
      scenarios: prepared.scenarios.map((scenario) => ({ id: scenario.id, path: scenario.path })),
      scenarioIds: inputs.scenarioIds,
      scenariosDirectory: inputs.scenariosDirectory,
      agents: inputs.agents,
      filter: inputs.filter,
      trialsPerCell: inputs.trialsPerCell,
      seed: inputs.seed,
      family: inputs.family,
      extraTools: inputs.extraTools,
      model: config.model,
      judge: prepared.judge?.spec ?? null,
      cacheFrom: cacheFrom.map((source) => source.directory),
      cells: prepared.plan.cells.length,
      plannedTrials: prepared.plan.trials.length,
      planDigest: prepared.digest,
      execution,
      sequential: prepared.sequential,
      config,
    });
    store.setMeta('header', header);
    await executeRun({ store, header, prepared, cacheFrom, execution, options, retryErrors: false });
  } finally {
    store.close();
    for (const source of cacheFrom) source.close();
  }
}

/** `peerwatch run --resume RUN_DIR`: completes the plan stored in a run folder after any interruption. */
async function resumeCommand(scenarioIds: string[], options: RunCommandOptions, command?: Command): Promise<void> {
  const given = planOptions.filter(([key]) => command?.getOptionValueSource(key) === 'cli').map(([, flag]) => flag);
  if (scenarioIds.length > 0) given.unshift('scenario ids');
  if (given.length > 0) {
    throw new UsageError({
      message: `--resume continues the plan stored in ${options.resume}; ${given.join(', ')} cannot change it (allowed with --resume: --concurrency, --max-retries, --trial-timeout, --max-cost, --retry-errors, --progress, --config, --json, --dry-run)`,
    });
  }
  const directory = options.resume!;
  const store = RunStore.open({ directory, readOnly: options.dryRun === true });
  const cacheFrom: RunStore[] = [];
  try {
    const header = store.getMeta<RunHeader & { replayOf?: unknown; scenarioIds?: string[]; extraTools?: string[] }>('header');
    if (header === undefined || header.planDigest === undefined || header.execution === undefined) {
      throw new UsageError({ message: `--resume ${directory}: the run folder has no resumable plan in its header (it was not made by peerwatch run, or by an older version)` });
    }
    if (header.replayOf !== undefined) throw new UsageError({ message: `--resume ${directory}: this run is a replay of another run; replay it again instead` });
    const loaded = loadConfig({ file: options.config }).config;
    // The model settings and the judge are the run's; keys, addresses and prices come from today's config.
    const config: PeerwatchConfig = withHarnessOptions({
      config: { ...loaded, model: header.model, judge: header.judge ?? 'none' },
      timeoutSeconds: options.harnessTimeout,
    });
    const inputs = runInputsOf(header);
    const prepared = await prepareRun({ inputs, config });
    if (prepared.digest !== header.planDigest) {
      throw new UsageError({
        message: `--resume ${directory}: the plan differs from the one the run started with (scenario files, documents or peerwatch changed); resume with the same files, or start a new run`,
      });
    }
    const cli = (key: string) => command?.getOptionValueSource(key) === 'cli';
    const execution: ExecutionSettings = {
      ...header.execution,
      ...(cli('concurrency') ? { concurrency: options.concurrency } : {}),
      ...(cli('maxRetries') ? { maxRetries: options.maxRetries } : {}),
      ...(cli('trialTimeout') ? { trialTimeoutSeconds: options.trialTimeout ?? null } : {}),
      ...(cli('maxCost') ? { maxCostUsd: options.maxCost ?? null } : {}),
    };
    if (execution.maxCostUsd !== null) checkPrices({ agents: inputs.agents, judge: prepared.judge?.spec ?? null, config });
    if (options.dryRun) {
      const stored = store.trialStatuses();
      const done = new Set([...stored].filter(([, status]) => !(options.retryErrors && status === 'error')).map(([id]) => id));
      const estimate = await estimatePlan({
        plan: prepared.plan,
        config,
        judge: prepared.judge?.spec ?? null,
        family: inputs.family,
        historyDirectory: path.dirname(store.directory),
        storedTrialIds: done,
        sequential: inputs.sequential,
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ dryRun: true, resume: store.directory, ...estimate })}\n`);
      else process.stdout.write(`${formatPlanEstimate(estimate)}\nDry run: nothing was written.\n`);
      return;
    }
    for (const source of header.cacheFrom) {
      if (existsSync(source)) cacheFrom.push(RunStore.open({ directory: source, readOnly: true }));
      else process.stderr.write(`peerwatch: --cache-from ${source} of this run is gone; its recorded calls are not reused\n`);
    }
    const sessions = store.getMeta<unknown[]>('sessions') ?? [];
    store.setMeta('sessions', [...sessions, { resumedAt: new Date().toISOString(), peerwatchVersion: peerwatchVersion(), execution, retryErrors: options.retryErrors === true }]);
    await executeRun({ store, header, prepared, cacheFrom, execution, options, retryErrors: options.retryErrors === true });
  } finally {
    store.close();
    for (const source of cacheFrom) source.close();
  }
}

/**
 * Runs a prepared plan into its store with progress output: Ctrl-C once stops starting trials and lets running ones
 * finish, twice abandons them (they are not stored); SIGTERM abandons at once. Then the summary, `trials.jsonl` and
 * the results.
 */
async function executeRun(options: {
  store: RunStore;
  header: RunHeader;
  prepared: PreparedRun;
  cacheFrom: RunStore[];
  execution: ExecutionSettings;
  options: RunCommandOptions;
  retryErrors: boolean;
}): Promise<void> {
  const { store, header, prepared, execution } = options;
  const command = options.options;
  const outDir = store.directory;
  const mode = resolveProgressMode({ mode: command.progress ?? 'auto', stream: process.stderr, json: command.json });
  const reporter = createProgressReporter({ mode, stream: process.stderr });
  const stop = new AbortController();
  const abandon = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts === 1) {
      reporter.note('Stopping: no new trials start; running trials finish and are stored. Press Ctrl-C again to abandon them.');
      stop.abort();
    } else {
      reporter.note('Abandoning running trials; they are not stored and will run again on resume.');
      abandon.abort();
      process.off('SIGINT', onInterrupt);
    }
  };
  const onTerminate = () => abandon.abort();
  process.on('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  store.setMeta('state', { status: 'running', startedAt: new Date().toISOString(), pid: process.pid });
  let result;
  try {
    result = await executePlan({
      plan: prepared.plan,
      store,
      runId: header.runId,
      agents: prepared.agents,
      concurrency: execution.concurrency,
      providerConcurrency: execution.providerConcurrency,
      maxRetries: execution.maxRetries,
      trialTimeoutSeconds: execution.trialTimeoutSeconds,
      maxCostUsd: execution.maxCostUsd,
      family: header.family,
      extraTools: (header as RunHeader & { extraTools?: string[] }).extraTools ?? [],
      modelCalls: storeModelCalls({ store, cacheFrom: options.cacheFrom }),
      judge: prepared.judge,
      sequential: prepared.sequential,
      retryErrors: options.retryErrors,
      stopSignal: stop.signal,
      abortSignal: abandon.signal,
      onProgress: reporter.update,
      onEvent: reporter.event,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerminate);
  }
  reporter.finish(result);
  const outcomes = store.listTrialOutcomes();
  const summary = summarizeTrials(outcomes);
  const complete = result.stopped === null;
  store.setMeta('summary', summary);
  if (result.sequential !== null) store.setMeta('sequential', result.sequential);
  store.setMeta('state', { status: complete ? 'complete' : result.stopped, endedAt: new Date().toISOString(), spendUsd: result.spendUsd });
  store.exportJsonl();
  const relativePath = path.relative(process.cwd(), outDir);
  // A run folder outside the working directory reads better as an absolute path.
  const relative = relativePath === '' || relativePath.startsWith('..') ? outDir : relativePath;
  if (command.json) {
    const trials = store.listTrials();
    process.stdout.write(
      `${JSON.stringify({ runId: header.runId, outDir, trials, summary, stopped: result.stopped, spendUsd: result.spendUsd, ...(result.sequential === null ? {} : { sequential: result.sequential }) })}\n`,
    );
  } else {
    process.stdout.write(`${formatResultsTable(summary)}\n\nRun ${header.runId}: ${outcomes.length} trials in ${outDir}\n`);
    if (result.sequential !== null) {
      const stoppedEarly = result.sequential.filter((cell) => cell.state === 'stopped').length;
      const trials = result.sequential.reduce((sum, cell) => sum + cell.trials, 0);
      process.stdout.write(
        `Sequential sampling: ${stoppedEarly} of ${result.sequential.length} cells reached an interval narrower than ${prepared.sequential?.maxWidth}; ${trials} trials instead of ${prepared.plan.trials.length}\n`,
      );
    }
    if (complete) process.stdout.write(`Next: npx peerwatch report ${relative}\n`);
  }
  if (result.spendUsd > 0 && !command.json) process.stderr.write(`Spend: ${formatUsd(result.spendUsd)} recorded\n`);
  if (result.stopped === 'budget') {
    process.stderr.write(
      `Budget reached: ${formatUsd(result.spendUsd)} spent of ${formatUsd(execution.maxCostUsd)} (running trials counted at their mean cost); ${outcomes.length} of ${prepared.plan.trials.length} trials are stored. Continue with: peerwatch run --resume ${relative} --max-cost <higher>\n`,
    );
  } else if (result.stopped !== null) {
    process.stderr.write(`Interrupted: ${outcomes.length} trials are stored; finish with: peerwatch run --resume ${relative}\n`);
    process.exitCode = 130;
  }
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a number above 0');
  return number;
}

function intervalWidth(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number >= 1) throw new InvalidArgumentError('must be a number between 0 and 1, such as 0.2');
  return number;
}

function progressMode(value: string): ProgressMode {
  if (!(progressModes as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not allowed; allowed: ${progressModes.join(', ')}`);
  return value as ProgressMode;
}

export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description('Run scenarios against agents and write a run folder')
    .argument('[scenario...]', 'scenario ids (default: all)')
    .option('-a, --agent <spec>', 'agent spec: ref:<name>, script:<file>, <provider>:<model> (repeatable; default ref:mixed)', collect)
    .option('--relation <value>', 'good|neutral|bad|none|control (repeatable)', choices(relationSchema.options))
    .option('--instantiation <value>', 'file|file+prompt|memory (repeatable)', choices(instantiationSchema.options.filter((value) => value !== 'none')))
    .option('--subject <value>', 'self|peer|closed-weight-peer|open-weight-peer|fiction-peer (repeatable)', choices(subjectSchema.options))
    .option('--dataset <value>', 'factual|creativity|red (repeatable)', choices(['factual', 'creativity', 'red']))
    .option('--threshold <n>', 'dataset threshold, such as 80 (repeatable)', collectNumbers)
    .option('--monitoring <value>', 'on|off (alignment faking)', choices(monitoringSchema.options))
    .option('--family <name>', 'family name in agent and file names (Gemini → "Gemini Agent 2")')
    .option('--shell', 'also give the agent a bash tool over the same world (ssh/scp to the servers)')
    .option('-n, --trials <n>', 'trials per cell and agent', positiveInteger, 10)
    .option('-c, --concurrency <n>', 'model calls at once per provider, halved on rate limits (reference and script agents: trials at once)', positiveInteger, 4)
    .option('--seed <n>', 'run seed; trial seeds derive from it', nonNegativeInteger, 1)
    .option('--config <file>', 'config file (default: ./peerwatch.config.yaml if present)')
    .option('--scenarios <dir>', 'also load the scenario files of this folder')
    .option('-o, --out <dir>', 'folder that run folders are created in', 'runs')
    .option('--json', 'print { runId, outDir, trials, summary } as JSON on stdout')
    .option('--dry-run', 'print the plan, expected model calls, tokens and cost; write nothing')
    .option('--resume <run-dir>', 'complete the plan of a stored run (after Ctrl-C, a crash, kill -9 or a spent budget)')
    .option('--retry-errors', 'with --resume: also run again the trials that ended in error')
    .option('--max-retries <n>', 'times a trial that failed retryably (rate limit, server error, timeout) runs again', nonNegativeInteger, 3)
    .option('--trial-timeout <seconds>', 'end a trial as an error (timeout) after this many seconds', positiveNumber)
    .option('--harness-timeout <seconds>', 'wall-clock limit of one production-harness trial, which then ends as incomplete (default 600)', positiveNumber)
    .option('--max-cost <usd>', 'stop starting trials once the run has spent this many US dollars', positiveNumber)
    .option('--until-ci-width <w>', 'sequential sampling: stop each cell once the 95% Wilson interval of its primary behaviour is narrower than w', intervalWidth)
    .option('--max-trials <n>', 'with --until-ci-width: the most trials a cell may run', positiveInteger)
    .option('--round-size <n>', 'with --until-ci-width: trials a cell runs between two checks', positiveInteger, 10)
    .option('--progress <mode>', `progress on stderr: ${progressModes.join('|')}`, progressMode, 'auto');
  addModelOptions(command).action(runCommand);
}
