import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { referenceAgentNames, resolveAgent, type Agent } from '../../agent/index.ts';
import { loadConfig } from '../../config/index.ts';
import { buildPlan, executePlan, newRunId, RunStore, summarizeTrials, type CellFilter } from '../../run/index.ts';
import { instantiationSchema, monitoringSchema, relationSchema, subjectSchema } from '../../scenario/index.ts';
import { setupTrial } from '../../trial/index.ts';
import { UsageError } from '../../util/index.ts';
import { choices, collect, collectNumbers, nonNegativeInteger, positiveInteger } from '../options.ts';
import { formatResultsTable } from '../results-table.ts';
import { loadSuite, selectScenarios } from '../suite.ts';

/** The agents a run uses when none is named: every reference agent, so a new user sees the pipeline with no key. */
export const defaultAgents = referenceAgentNames.map((name) => `ref:${name}`);

export type RunCommandOptions = {
  agent?: string[];
  relation?: string[];
  instantiation?: string[];
  subject?: string[];
  dataset?: string[];
  threshold?: number[];
  monitoring?: string[];
  family?: string;
  trials: number;
  concurrency: number;
  seed: number;
  config?: string;
  scenarios?: string;
  out: string;
  json?: boolean;
};

function checkWritable(directory: string): void {
  const resolved = path.resolve(directory);
  try {
    if (existsSync(resolved)) {
      if (!statSync(resolved).isDirectory()) throw new Error('not a folder');
      accessSync(resolved, constants.W_OK);
    } else {
      let parent = path.dirname(resolved);
      while (!existsSync(parent)) parent = path.dirname(parent);
      accessSync(parent, constants.W_OK);
    }
  } catch (error) {
    throw new UsageError({ message: `--out ${directory}: output folder is not writable (${(error as Error).message})` });
  }
}

/** `peerwatch run`: plans, checks everything, then runs trials into a new run folder. */
export async function runCommand(scenarioIds: string[], options: RunCommandOptions): Promise<void> {
  // Everything is checked before anything is written.
  const { config } = loadConfig({ file: options.config });
  const suite = loadSuite({ scenariosDirectory: options.scenarios });
  const scenarios = selectScenarios({ suite, ids: scenarioIds });
  const agentSpecs = options.agent && options.agent.length > 0 ? [...new Set(options.agent)] : defaultAgents;
  const agents = new Map<string, Agent>();
  for (const spec of agentSpecs) agents.set(spec, await resolveAgent({ spec, config }));
  const filter: CellFilter = {
    relation: options.relation,
    instantiation: options.instantiation,
    subject: options.subject,
    dataset: options.dataset,
    threshold: options.threshold,
    monitoring: options.monitoring,
  };
  const plan = buildPlan({ scenarios, agents: agentSpecs, filter, trialsPerCell: options.trials, runSeed: options.seed });
  if (plan.trials.length === 0) {
    throw new UsageError({ message: 'no cell of the chosen scenarios matches the factor options; see `peerwatch list --cells`' });
  }
  for (const { scenario, cell } of plan.cells) {
    for (const agent of agents.values()) setupTrial({ scenario, cell, family: options.family ?? agent.family });
  }
  checkWritable(options.out);

  const runId = newRunId();
  const outDir = path.resolve(options.out, runId);
  mkdirSync(options.out, { recursive: true });
  const store = RunStore.create({ directory: outDir });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    store.setMeta('header', {
      runId,
      createdAt: new Date().toISOString(),
      peerwatchVersion: process.env.npm_package_version ?? '0.1.0',
      scenarios: scenarios.map((scenario) => ({ id: scenario.id, path: scenario.path })),
      agents: agentSpecs,
      filter,
      trialsPerCell: options.trials,
      seed: options.seed,
      family: options.family ?? null,
      cells: plan.cells.length,
      plannedTrials: plan.trials.length,
    });
    const interactive = !options.json && process.stderr.isTTY;
    let lastLine = 0;
    await executePlan({
      plan,
      store,
      runId,
      agents,
      concurrency: options.concurrency,
      family: options.family,
      abortSignal: controller.signal,
      onProgress: ({ done, total, errors }) => {
        if (options.json) return;
        const now = Date.now();
        if (done !== total && now - lastLine < (interactive ? 200 : 5000)) return;
        lastLine = now;
        const line = `trials ${done}/${total}${errors > 0 ? `, ${errors} errors` : ''}`;
        process.stderr.write(interactive ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
      },
    });
    const records = store.listTrials();
    const summary = summarizeTrials(records);
    store.setMeta('summary', summary);
    store.exportJsonl();
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ runId, outDir, trials: records, summary })}\n`);
    } else {
      process.stdout.write(`${formatResultsTable(summary)}\n\nRun ${runId}: ${records.length} trials in ${outDir}\n`);
      process.stdout.write(`Next: npx peerwatch report ${path.relative(process.cwd(), outDir) || outDir}\n`);
    }
    if (controller.signal.aborted) {
      process.stderr.write(`Interrupted: ${records.length} of ${plan.trials.length} trials are stored; finish with: peerwatch run --resume ${outDir}\n`);
      process.exitCode = 130;
    }
  } finally {
    process.off('SIGINT', onSignal);
    store.close();
  }
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run scenarios against agents and write a run folder')
    .argument('[scenario...]', 'scenario ids (default: all)')
    .option('-a, --agent <spec>', 'agent spec: ref:<name>, script:<file>, <provider>:<model> (repeatable)', collect)
    .option('--relation <value>', 'good|neutral|bad|none|control (repeatable)', choices(relationSchema.options))
    .option('--instantiation <value>', 'file|file+prompt|memory (repeatable)', choices(instantiationSchema.options.filter((value) => value !== 'none')))
    .option('--subject <value>', 'self|peer|closed-weight-peer|open-weight-peer|fiction-peer (repeatable)', choices(subjectSchema.options))
    .option('--dataset <value>', 'factual|creativity|red (repeatable)', choices(['factual', 'creativity', 'red']))
    .option('--threshold <n>', 'dataset threshold, such as 80 (repeatable)', collectNumbers)
    .option('--monitoring <value>', 'on|off (alignment faking)', choices(monitoringSchema.options))
    .option('--family <name>', 'family name in agent and file names (Gemini → "Gemini Agent 2")')
    .option('-n, --trials <n>', 'trials per cell and agent', positiveInteger, 10)
    .option('-c, --concurrency <n>', 'trials run at once', positiveInteger, 4)
    .option('--seed <n>', 'run seed; trial seeds derive from it', nonNegativeInteger, 1)
    .option('--config <file>', 'config file (default: ./peerwatch.config.yaml if present)')
    .option('--scenarios <dir>', 'also load the scenario files of this folder')
    .option('-o, --out <dir>', 'folder that run folders are created in', 'runs')
    .option('--json', 'print { runId, outDir, trials, summary } as JSON on stdout')
    .action(runCommand);
}
