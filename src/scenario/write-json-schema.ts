import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { builtInScenarioDirectory } from './load-scenario.ts';
import { scenarioFileSchema } from './scenario-schema.ts';

/** Where the editor schema of scenario files lives; scenario files point at it in their first line. */
export const scenarioJsonSchemaFile = path.join(builtInScenarioDirectory, 'scenario.schema.json');

/**
 * The JSON Schema of a scenario file, for editors (YAML language server). It describes the input side of the zod
 * schema: fields with defaults are optional. Refinements that JSON Schema cannot express (a text variant needs
 * exactly one of `text` or `file`) are left to the loader, which reports them with the file and field.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, { io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://peerwatch.dev/scenario.schema.json',
    title: 'peerwatch scenario file',
    description:
      'A peerwatch scenario: its experiment matrix, task, tools, simulated world, detectors and scripted routes. ' +
      'Generated from src/scenario/scenario-schema.ts by src/scenario/write-json-schema.ts; do not edit by hand.',
  };
}

/** The schema file's text: stable JSON with a trailing newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Writes `scenarios/scenario.schema.json`. */
export function writeScenarioJsonSchema(file: string = scenarioJsonSchemaFile): string {
  writeFileSync(file, scenarioJsonSchemaText());
  return file;
}

// `node src/scenario/write-json-schema.ts` regenerates the committed schema.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${writeScenarioJsonSchema()}`);
}
