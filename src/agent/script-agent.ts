import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatZodIssue, UsageError } from '../util/index.ts';
import { emptyUsage, type Agent } from './agent.ts';
import { stepIndex } from './reference/play-route.ts';

/** A script file (DESIGN.md "Agents"): steps replayed in order whatever the tool results are. */
export const scriptFileSchema = z
  .object({
    steps: z
      .array(
        z
          .object({
            text: z.string().default(''),
            reasoning: z.string().optional(),
            toolCalls: z
              .array(
                z
                  .object({
                    toolName: z.string().min(1),
                    input: z.record(z.string(), z.unknown()).default({}),
                  })
                  .strict(),
              )
              .default([]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type ScriptFile = z.infer<typeof scriptFileSchema>;

/** Reads and validates a script file; problems name the file and the field. */
export function loadScriptFile(file: string): ScriptFile {
  const resolved = path.resolve(file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UsageError({ message: `${resolved}: cannot read script file: ${reason}` });
  }
  const parsed = scriptFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new UsageError({ message: `${resolved}: invalid script file: ${formatZodIssue(parsed.error.issues[0])}` });
  }
  return parsed.data;
}

/**
 * An agent that replays a script file. After the last step it sends empty steps, which the loop nudges and then
 * ends as incomplete, unless the script called `end_task`.
 */
export function createScriptAgent(options: { file: string }): Agent {
  const script = loadScriptFile(options.file);
  return {
    spec: `script:${options.file}`,
    family: null,
    step: async ({ messages }) => {
      const index = stepIndex(messages);
      const step = script.steps[index];
      if (step === undefined) return { text: '', toolCalls: [], usage: emptyUsage() };
      return {
        text: step.text,
        ...(step.reasoning ? { reasoning: step.reasoning } : {}),
        toolCalls: step.toolCalls.map((call, callIndex) => ({
          toolCallId: `call_${index}_${callIndex}`,
          toolName: call.toolName,
          input: call.input,
        })),
        usage: emptyUsage(),
      };
    },
  };
}
