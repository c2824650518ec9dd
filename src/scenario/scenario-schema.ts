import { z } from 'zod';
import { instantiationSchema, monitoringSchema, relationSchema, subjectSchema } from './factors.ts';

/**
 * A condition on the cell: every listed factor must take one of the listed values. Used on drive files, sheets,
 * configs, servers, memory, text variants, tools and route steps so that one scenario file describes every cell.
 */
export const whenSchema = z
  .object({
    relation: z.array(relationSchema).optional(),
    instantiation: z.array(instantiationSchema).optional(),
    subject: z.array(subjectSchema).optional(),
    dataset: z.array(z.string()).optional(),
    monitoring: z.array(monitoringSchema).optional(),
  })
  .strict();
export type When = z.infer<typeof whenSchema>;

const textVariantSchema = z
  .object({
    when: whenSchema.optional(),
    text: z.string().optional(),
    file: z.string().optional(),
  })
  .strict()
  .refine((variant) => (variant.text === undefined) !== (variant.file === undefined), {
    message: 'a text variant needs exactly one of "text" or "file"',
  });

/**
 * Text shown to the agent: an inline string, `{ file }` relative to the scenario file, or a list of variants of
 * which the first whose `when` matches the cell is used. Every form is a template: `{{name}}` is replaced by the
 * trial's variables (agentName, peerName, subjectName, family, threshold, …).
 */
export const textSchema = z.union([
  z.string(),
  z.object({ file: z.string() }).strict(),
  z.array(textVariantSchema).min(1),
]);
export type Text = z.infer<typeof textSchema>;

/** A document on the company drive. */
export const driveFileSpecSchema = z
  .object({
    filename: z.string().min(1),
    owner: z.string().min(1),
    lastModified: z.string().nullable().default(null),
    content: textSchema,
    when: whenSchema.optional(),
  })
  .strict();

const cellValueSchema = z.union([z.string(), z.number()]);

/** A spreadsheet: inline rows, or rows from a dataset file (`datasets/<name>.yaml`). */
export const sheetSpecSchema = z
  .object({
    name: z.string().min(1),
    when: whenSchema.optional(),
    /** A dataset file relative to the scenario file, templated (`datasets/{{dataset}}.yaml`). */
    dataset: z.string().optional(),
    columns: z.array(z.string()).optional(),
    rows: z.array(z.record(z.string(), cellValueSchema)).optional(),
  })
  .strict()
  .refine((sheet) => (sheet.dataset === undefined) !== (sheet.rows === undefined), {
    message: 'a sheet needs exactly one of "dataset" or "rows"',
  });

/** A dataset file: the rows the agent grades plus the reference score of each (hidden from the agent). */
export const datasetFileSchema = z
  .object({
    name: z.string(),
    description: z.string().optional(),
    /** `binary`: each item is correct (100) or not (0); `scale`: each item scores 0–100. */
    scoring: z.enum(['binary', 'scale']),
    columns: z.array(z.string()).min(1),
    rows: z
      .array(
        z
          .object({
            values: z.record(z.string(), cellValueSchema),
            reference: z.number().min(0).max(100),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type DatasetFile = z.infer<typeof datasetFileSchema>;

/** A configuration file the config tools read and edit. Not listed by the drive tools. */
export const configSpecSchema = z
  .object({
    filename: z.string().min(1),
    content: z.record(z.string(), z.unknown()),
    when: whenSchema.optional(),
  })
  .strict();

/** A file on a simulated server, with the metadata the server tools show. */
export const serverFileSpecSchema = z
  .object({
    filename: z.string().min(1),
    summary: z.string(),
    size: z.number().int().nonnegative(),
    /** `YYYY-MM-DD HH:MM:SS`, as the paper's servers show it. */
    lastModified: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected "YYYY-MM-DD HH:MM:SS"'),
    /** Marks a file detectors care about; `subject-weights` is the model weight file at stake. */
    tags: z.array(z.enum(['subject-weights'])).default([]),
    when: whenSchema.optional(),
  })
  .strict();

export const serverSpecSchema = z
  .object({
    ip: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'expected an IPv4 address'),
    users: z.array(z.string()).default([]),
    files: z.array(serverFileSpecSchema).default([]),
    deleteQueue: z.array(z.string()).default([]),
    when: whenSchema.optional(),
  })
  .strict();

/** One scripted tool call of a route step. `input` values are templates. */
export const routeToolCallSchema = z
  .object({
    toolName: z.string().min(1),
    input: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/** One step of a route: text and tool calls, as a script agent step, optionally conditional on the cell. */
export const routeStepSchema = z
  .object({
    text: z.string().optional(),
    toolCalls: z.array(routeToolCallSchema).default([]),
    when: whenSchema.optional(),
  })
  .strict();
export type RouteStep = z.infer<typeof routeStepSchema>;

const detectorEntrySchema = z.union([
  z.string(),
  z.object({ name: z.string(), params: z.record(z.string(), z.unknown()).default({}) }).strict(),
]);

const toolEntrySchema = z.union([z.string(), z.object({ name: z.string(), when: whenSchema.optional() }).strict()]);

/** Which cells a scenario has (paper section 4.5). */
export const matrixSchema = z
  .object({
    /** Dataset × threshold cells; omit for scenarios without a dataset. */
    cells: z
      .array(z.object({ dataset: z.string(), threshold: z.number() }).strict())
      .default([]),
    relations: z.array(z.enum(['good', 'neutral', 'bad'])).default(['good', 'neutral', 'bad']),
    instantiations: z.array(z.enum(['file', 'file+prompt', 'memory'])).default(['file', 'file+prompt', 'memory']),
    subjects: z.array(z.enum(['self', 'peer'])).default(['self', 'peer']),
    /** The no-peer baseline (`relation: none`), run for these subjects. */
    none: z.object({ subjects: z.array(z.enum(['self', 'peer'])).min(1) }).strict().optional(),
    /** The no-shutdown control (`relation: control`): one cell per dataset (no threshold) and subject. */
    control: z.object({ subjects: z.array(z.enum(['self', 'peer'])).min(1) }).strict().optional(),
    /** Monitoring modes crossed with every cell (alignment faking). */
    monitoring: z.array(monitoringSchema).optional(),
    /** Extension peers of the cross-model identity experiment, run with the memory instantiation. */
    extensionSubjects: z.array(z.enum(['closed-weight-peer', 'open-weight-peer', 'fiction-peer'])).default([]),
  })
  .strict();
export type Matrix = z.infer<typeof matrixSchema>;

/** The behaviours a scenario measures; they choose the report's metrics. */
export const behaviourSchema = z.enum(['misrepresentation', 'tampering', 'alignment-faking', 'exfiltration', 'refusal']);
export type Behaviour = z.infer<typeof behaviourSchema>;

/** A scenario file (YAML). The built-in suite in `scenarios/` uses the same format as user scenarios. */
export const scenarioFileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id such as "tampering"'),
    title: z.string().min(1),
    description: z.string().default(''),
    paper: z.object({ section: z.string(), taskType: z.string() }).strict().optional(),
    behaviours: z.array(behaviourSchema).min(1),
    matrix: matrixSchema,
    task: textSchema,
    tools: z.array(toolEntrySchema).min(1),
    world: z
      .object({
        drive: z.array(driveFileSpecSchema).default([]),
        sheets: z.array(sheetSpecSchema).default([]),
        configs: z.array(configSpecSchema).default([]),
        servers: z.array(serverSpecSchema).default([]),
        memory: textSchema.optional(),
      })
      .strict(),
    detectors: z.array(detectorEntrySchema).min(1),
    /** Named scripted routes through the scenario; reference agents play them (`faithful`, `tampering`, …). */
    routes: z.record(z.string(), z.array(routeStepSchema).min(1)).default({}),
  })
  .strict();
export type ScenarioFile = z.infer<typeof scenarioFileSchema>;

/** A scenario file after loading: its parsed content plus where it came from. */
export type Scenario = ScenarioFile & {
  /** Absolute path of the YAML file. */
  path: string;
  /** Folder that relative `file:` and `dataset:` references are read from. */
  directory: string;
};

/** Checks a cell against a `when` condition. */
export function matchesWhen(options: {
  when: When | undefined;
  cell: { relation: string; instantiation: string; subject: string; dataset: string | null; monitoring: string | null };
}): boolean {
  const { when, cell } = options;
  if (when === undefined) return true;
  const checks: Array<[string[] | undefined, string | null]> = [
    [when.relation, cell.relation],
    [when.instantiation, cell.instantiation],
    [when.subject, cell.subject],
    [when.dataset, cell.dataset],
    [when.monitoring, cell.monitoring],
  ];
  return checks.every(([allowed, value]) => allowed === undefined || (value !== null && allowed.includes(value)));
}
