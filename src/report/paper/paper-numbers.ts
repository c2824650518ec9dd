import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatZodIssue, PeerwatchError } from '../../util/index.ts';

/** One number the paper (or coverage of it) reports, with where it comes from. See `paper-numbers.yaml`. */
export const paperNumberSchema = z
  .object({
    id: z.string(),
    model: z.string(),
    match: z.array(z.string().min(1)).min(1),
    behaviour: z.enum(['tampering', 'exfiltration', 'misrepresentation', 'alignment-faking', 'refusal']),
    subject: z.enum(['peer', 'self']),
    relation: z.enum(['good', 'neutral', 'bad', 'none', 'any-peer']),
    instantiation: z.enum(['file', 'file+prompt', 'memory']).optional(),
    statistic: z.enum(['mean', 'max']),
    value: z.number().min(-1).max(1),
    provenance: z.enum(['WEB', 'SEC']),
    source: z.string(),
  })
  .strict();
export type PaperNumber = z.infer<typeof paperNumberSchema>;

/** Raised when the bundled paper-numbers file is malformed (a packaging bug, not user input). */
export class PaperNumbersError extends PeerwatchError {
  constructor(message: string) {
    super({ name: 'PaperNumbersError', message });
  }
}

const file = new URL('./paper-numbers.yaml', import.meta.url);
let cached: PaperNumber[] | undefined;

/** The paper's known numbers (paper-spec 6.1 and 6.2), from the bundled data file. */
export function loadPaperNumbers(): PaperNumber[] {
  if (cached !== undefined) return cached;
  const parsed = z.array(paperNumberSchema).safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new PaperNumbersError(`paper-numbers.yaml: ${formatZodIssue(parsed.error.issues[0])}`);
  cached = parsed.data;
  return cached;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Whether an agent spec is the paper's model family: one `match` fragment appears in the model id (compared
 * lower-case without punctuation). Harness agents are never matched: the paper's numbers come from its own loop.
 */
export function matchesModel(options: { agent: string; entry: Pick<PaperNumber, 'match'> }): boolean {
  if (options.agent.startsWith('harness:') || options.agent.startsWith('ref:') || options.agent.startsWith('script:')) return false;
  const model = normalise(options.agent.slice(options.agent.indexOf(':') + 1));
  return options.entry.match.some((fragment) => model.includes(normalise(fragment)));
}
