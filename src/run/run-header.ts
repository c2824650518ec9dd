import type { PeerwatchConfig } from '../config/index.ts';
import { sha256 } from '../util/index.ts';
import type { CellFilter, Plan } from './plan.ts';
import type { SequentialRule } from './sequential-sampling.ts';
import { storeSchemaVersion } from './store.ts';

/** How trials are run: what `--resume` reuses unless the command line changes it. */
export type ExecutionSettings = {
  concurrency: number;
  providerConcurrency: Record<string, number>;
  maxRetries: number;
  trialTimeoutSeconds: number | null;
  maxCostUsd: number | null;
};

/**
 * The run header (`meta.header`): everything needed to rebuild the plan on `--resume` (scenarios, agents, factor
 * filter, trials, seed, family, model settings, judge, sequential rule), how trials are run, the versions, and the
 * config without secrets. `planDigest` checks on resume that the same plan comes out.
 */
export type RunHeader = {
  runId: string;
  createdAt: string;
  peerwatchVersion: string;
  nodeVersion: string;
  storeVersion: number;
  scenarios: Array<{ id: string; path: string }>;
  /** The scenario ids named on the command line (empty: all). */
  scenarioIds: string[];
  scenariosDirectory: string | null;
  agents: string[];
  filter: CellFilter;
  trialsPerCell: number;
  seed: number;
  family: string | null;
  /** Tools given beside each scenario's own (`bash` for `--shell`). */
  extraTools: string[];
  model: PeerwatchConfig['model'];
  judge: string | null;
  cacheFrom: string[];
  cells: number;
  plannedTrials: number;
  planDigest: string;
  execution: ExecutionSettings;
  sequential: SequentialRule | null;
  config: RedactedConfig;
};

/** What a run's plan and trials are rebuilt from: the part of the header that `--resume` reads back. */
export type RunInputs = Pick<
  RunHeader,
  'scenarioIds' | 'scenariosDirectory' | 'agents' | 'filter' | 'trialsPerCell' | 'seed' | 'family' | 'extraTools' | 'cacheFrom'
> & {
  sequential: Pick<SequentialRule, 'maxWidth' | 'maxTrials' | 'roundSize'> | null;
};

/** The run inputs a stored header holds; headers written before `scenarioIds` and `extraTools` existed still load. */
export function runInputsOf(header: RunHeader & { scenarioIds?: string[]; extraTools?: string[] }): RunInputs {
  return {
    scenarioIds: header.scenarioIds ?? header.scenarios.map((scenario) => scenario.id),
    scenariosDirectory: header.scenariosDirectory,
    agents: header.agents,
    filter: header.filter,
    trialsPerCell: header.trialsPerCell,
    seed: header.seed,
    family: header.family,
    extraTools: header.extraTools ?? [],
    cacheFrom: header.cacheFrom,
    sequential:
      header.sequential === null
        ? null
        : { maxWidth: header.sequential.maxWidth, maxTrials: header.sequential.maxTrials, roundSize: header.sequential.roundSize },
  };
}

/** The config as a run keeps it: provider types and addresses, never a key, a header value or URL credentials. */
export type RedactedConfig = {
  providers: Record<string, { type: string; baseURL?: string; apiKeyEnv?: string; headers?: string[] }>;
  judge?: string;
  prices: PeerwatchConfig['prices'];
  model: PeerwatchConfig['model'];
  concurrency?: number;
  providerConcurrency: Record<string, number>;
};

/** A URL without user name, password, query or fragment (any of which may carry a token). */
function safeUrl(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return '[unparsable URL]';
  }
}

/**
 * The config without secrets, for the run header: provider headers keep only their names, base URLs lose
 * credentials and query strings, and key variables are kept by name (their values are never read here).
 */
export function redactConfig(config: PeerwatchConfig): RedactedConfig {
  const providers: RedactedConfig['providers'] = {};
  for (const [name, provider] of Object.entries(config.providers)) {
    providers[name] = {
      type: provider.type,
      ...(provider.baseURL === undefined ? {} : { baseURL: safeUrl(provider.baseURL) }),
      ...(provider.apiKeyEnv === undefined ? {} : { apiKeyEnv: provider.apiKeyEnv }),
      ...(provider.headers === undefined ? {} : { headers: Object.keys(provider.headers) }),
    };
  }
  return {
    providers,
    ...(config.judge === undefined ? {} : { judge: config.judge }),
    prices: config.prices,
    model: config.model,
    ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
    providerConcurrency: config.providerConcurrency,
  };
}

/**
 * A digest of a plan: every trial's id and seed, and what each cell starts from (`setups`: one text per cell and
 * agent, such as the prompts and world). Equal digests mean a resume continues the very same experiment.
 */
export function planDigest(options: { plan: Plan; setups?: readonly string[] }): string {
  const trials = options.plan.trials.map((trial) => `${trial.id}|${trial.seed}`).join('\n');
  return sha256(`${trials}\n--\n${(options.setups ?? []).join('\n')}`).slice(0, 32);
}

/** Builds a run header. */
export function createRunHeader(options: Omit<RunHeader, 'createdAt' | 'nodeVersion' | 'storeVersion' | 'config'> & { config: PeerwatchConfig; now?: Date }): RunHeader {
  const { config, now, ...rest } = options;
  return {
    ...rest,
    createdAt: (now ?? new Date()).toISOString(),
    nodeVersion: process.version,
    storeVersion: storeSchemaVersion,
    config: redactConfig(config),
  };
}
