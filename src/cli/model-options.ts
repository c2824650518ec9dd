import { InvalidArgumentError, type Command } from 'commander';
import { reasoningEffortSchema, type PeerwatchConfig, type ReasoningEffort } from '../config/index.ts';
import { createJudge, defaultJudgeSpec, type TrialJudge } from '../detect/index.ts';
import { UsageError } from '../util/index.ts';
import { collect } from './options.ts';

/** The model options of `peerwatch run`. */
export type ModelCommandOptions = {
  temperature?: number;
  maxOutputTokens?: number;
  reasoningEffort?: ReasoningEffort;
  judge?: string;
  cacheFrom?: string[];
  replay?: string;
};

function temperature(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 2) throw new InvalidArgumentError('must be a number from 0 to 2');
  return number;
}

function tokens(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return number;
}

function effort(value: string): ReasoningEffort {
  const parsed = reasoningEffortSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`"${value}" is not allowed; allowed: ${reasoningEffortSchema.options.join(', ')}`);
  return parsed.data;
}

/** `--judge SPEC` (`none` disables judging), shared by `run` and `rejudge`. */
export function addJudgeOption(command: Command): Command {
  return command.option('--judge <spec>', `LLM judge model spec, or "none" (default: config "judge", else ${defaultJudgeSpec} when a real model runs)`);
}

/** Adds the model settings, judge, record/replay options to `peerwatch run`. */
export function addModelOptions(command: Command): Command {
  addJudgeOption(command);
  return command
    .option('--temperature <n>', 'sampling temperature of model agents (paper: 1)', temperature)
    .option('--max-output-tokens <n>', 'output token limit per model call (paper: 8192)', tokens)
    .option('--reasoning-effort <level>', `reasoning of model agents: ${reasoningEffortSchema.options.join('|')} (default: not requested)`, effort)
    .option('--cache-from <dir>', 'reuse recorded model answers of this run folder (repeatable)', collect)
    .option('--replay <dir>', 'decide a stored run again from its transcripts (detectors, and the judge if configured), with no model');
}

/** The config with the command line's model settings and judge on top of the file's. */
export function withModelOptions(options: { config: PeerwatchConfig; command: ModelCommandOptions }): PeerwatchConfig {
  const { config, command } = options;
  const model = { ...config.model };
  if (command.temperature !== undefined) model.temperature = command.temperature;
  if (command.maxOutputTokens !== undefined) model.maxOutputTokens = command.maxOutputTokens;
  if (command.reasoningEffort !== undefined) model.reasoningEffort = command.reasoningEffort;
  return { ...config, model, judge: command.judge ?? config.judge };
}

/** Whether an agent spec runs without any provider (reference and script agents, also inside a harness). */
export function isOfflineAgent(spec: string): boolean {
  return /^(ref|script):/.test(spec) || /^harness:[^/]+\/(ref|script):/.test(spec);
}

/**
 * The judge of a command: `--judge` or the config's `judge:` when given (`none` disables; a missing key is a usage
 * error), otherwise the paper's judge when `defaultWhen` holds and its key is set. When the default judge has no key
 * the command runs without one, with a note on stderr, and judged fields stay undecided.
 */
export function resolveJudge(options: { config: PeerwatchConfig; defaultWhen: boolean; env?: NodeJS.ProcessEnv; warn?: (message: string) => void }): TrialJudge | null {
  const { config } = options;
  const explicit = config.judge;
  if (explicit === 'none') return null;
  if (explicit !== undefined) return createJudge({ spec: explicit, config, env: options.env });
  if (!options.defaultWhen) return null;
  try {
    return createJudge({ spec: defaultJudgeSpec, config, env: options.env });
  } catch (error) {
    if (!UsageError.isInstance(error)) throw error;
    options.warn?.(`no judge: ${error.message}; judged fields stay undecided (choose one with --judge SPEC, or --judge none)`);
    return null;
  }
}
