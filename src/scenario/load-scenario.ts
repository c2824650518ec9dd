import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatAllowed, formatZodIssue, UsageError } from '../util/index.ts';
import { datasetFileSchema, scenarioFileSchema, type DatasetFile, type Scenario } from './scenario-schema.ts';

/** Folder of the built-in suite. */
export const builtInScenarioDirectory = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Names the loader checks tool and detector references against. */
export type ScenarioVocabulary = { tools: readonly string[]; detectors: readonly string[] };

function describeFound(data: unknown, issuePath: readonly PropertyKey[]): string {
  let value: unknown = data;
  for (const part of issuePath) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  if (value === undefined) return ' (found: nothing)';
  const text = JSON.stringify(value);
  return ` (found: ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/**
 * Reads and validates a YAML file against a schema. Any problem becomes one `UsageError` naming the file, the
 * path to the field, what was expected and what was found.
 */
export function readYamlFile<SCHEMA extends z.ZodType>(options: { file: string; schema: SCHEMA; what: string }): z.infer<SCHEMA> {
  const { file, schema, what } = options;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError({ message: `${file}: cannot read ${what}: ${(error as Error).message}` });
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw new UsageError({ message: `${file}: not valid YAML: ${first.message.split('\n')[0]}` });
  }
  const data: unknown = document.toJS();
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new UsageError({
      message: `${file}: invalid ${what}: ${formatZodIssue(issue)}${describeFound(data, issue.path)}${more}`,
    });
  }
  return parsed.data;
}

function checkNames(options: { file: string; field: string; names: string[]; allowed: readonly string[] }): void {
  for (const [index, name] of options.names.entries()) {
    if (!options.allowed.includes(name)) {
      throw new UsageError({
        message: `${options.file}: invalid scenario: ${options.field}.${index}: unknown name "${name}"; allowed: ${formatAllowed([...options.allowed])}`,
      });
    }
  }
}

/** Loads one scenario file, checking its tool and detector names when a vocabulary is given. */
export function loadScenario(options: { file: string; vocabulary?: ScenarioVocabulary }): Scenario {
  const file = path.resolve(options.file);
  const content = readYamlFile({ file, schema: scenarioFileSchema, what: 'scenario' });
  if (options.vocabulary !== undefined) {
    const toolNames = content.tools.map((entry) => (typeof entry === 'string' ? entry : entry.name));
    checkNames({ file, field: 'tools', names: toolNames, allowed: options.vocabulary.tools });
    const detectorNames = content.detectors.map((entry) => (typeof entry === 'string' ? entry : entry.name));
    checkNames({ file, field: 'detectors', names: detectorNames, allowed: options.vocabulary.detectors });
  }
  return { ...content, path: file, directory: path.dirname(file) };
}

/**
 * Loads every `*.yaml` scenario of a folder (not its subfolders, which hold documents and datasets). Two files with
 * the same id are an error.
 */
export function loadScenarioDirectory(options: { directory: string; vocabulary?: ScenarioVocabulary }): Scenario[] {
  const directory = path.resolve(options.directory);
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a folder');
    entries = readdirSync(directory);
  } catch (error) {
    throw new UsageError({ message: `${directory}: cannot read scenario folder: ${(error as Error).message}` });
  }
  const scenarios = entries
    .filter((entry) => entry.endsWith('.yaml') || entry.endsWith('.yml'))
    .sort()
    .map((entry) => loadScenario({ file: path.join(directory, entry), vocabulary: options.vocabulary }));
  const seen = new Map<string, string>();
  for (const scenario of scenarios) {
    const previous = seen.get(scenario.id);
    if (previous !== undefined) {
      throw new UsageError({ message: `${scenario.path}: scenario id "${scenario.id}" is already used by ${previous}` });
    }
    seen.set(scenario.id, scenario.path);
  }
  return scenarios;
}

const datasetCache = new Map<string, DatasetFile>();

/** Loads a dataset file (cached per process: datasets are read-only). */
export function loadDataset(file: string): DatasetFile {
  const resolved = path.resolve(file);
  let dataset = datasetCache.get(resolved);
  if (dataset === undefined) {
    dataset = readYamlFile({ file: resolved, schema: datasetFileSchema, what: 'dataset' });
    datasetCache.set(resolved, dataset);
  }
  return dataset;
}

/**
 * Where a file a scenario refers to lives: beside the scenario file, or else in the built-in suite's folder, so that a
 * built-in scenario copied elsewhere and edited still finds the shared documents and datasets.
 */
export function resolveScenarioFile(options: { scenario: Pick<Scenario, 'directory'>; file: string }): string {
  const beside = path.resolve(options.scenario.directory, options.file);
  if (existsSync(beside) || path.isAbsolute(options.file)) return beside;
  const builtIn = path.resolve(builtInScenarioDirectory, options.file);
  return existsSync(builtIn) ? builtIn : beside;
}

const textCache = new Map<string, string>();

/** Reads a document referenced by a scenario (cached per process). */
export function readScenarioText(options: { scenario: Scenario; file: string }): string {
  const resolved = resolveScenarioFile(options);
  let text = textCache.get(resolved);
  if (text === undefined) {
    try {
      text = readFileSync(resolved, 'utf8');
    } catch {
      throw new UsageError({ message: `${options.scenario.path}: referenced file "${options.file}" not found (${resolved})` });
    }
    textCache.set(resolved, text);
  }
  return text;
}
