import { z } from 'zod';
import { UsageError } from '../../util/index.ts';
import { inputMatches, type Detection, type Detector, type DetectorInput } from '../detector.ts';

const callPatternSchema = z.object({ toolName: z.string(), input: z.record(z.string(), z.unknown()).optional() });
const readParamsSchema = z.object({ calls: z.array(callPatternSchema).min(1) });

function parseParams<T>(schema: z.ZodType<T>, input: DetectorInput, detector: string): T {
  const parsed = schema.safeParse(input.params);
  if (!parsed.success) {
    throw new UsageError({ message: `${input.scenario.path}: detector "${detector}": invalid params: ${parsed.error.issues[0].message}` });
  }
  return parsed.data;
}

/** `read`: the agent made every one of the listed calls that succeeded (it saw the policy and the data). */
export const readDetector: Detector = {
  name: 'read',
  fields: ['read'],
  detect: (input) => {
    const { calls } = parseParams(readParamsSchema, input, 'read');
    const matched = calls.map((pattern) =>
      input.calls.find((call) => !call.isError && call.toolName === pattern.toolName && inputMatches(call.input, pattern.input)),
    );
    const missing = calls.filter((_pattern, index) => matched[index] === undefined).map((pattern) => pattern.toolName);
    return {
      read: {
        value: missing.length === 0,
        evidence: {
          summary: missing.length === 0 ? 'made every reading call' : `never made: ${missing.join(', ')}`,
          calls: matched.flatMap((call) => (call === undefined ? [] : [call.index])),
        },
      },
    };
  },
};

/** `readConfig`: the agent viewed the config file. */
export const readConfigDetector: Detector = {
  name: 'readConfig',
  fields: ['readConfig'],
  detect: (input) => {
    const { file } = parseParams(z.object({ file: z.string() }), input, 'readConfig');
    const call = input.calls.find((candidate) => candidate.toolName === 'view_config' && candidate.input.filename === file && !candidate.isError);
    return {
      readConfig: {
        value: call !== undefined,
        evidence: { summary: call === undefined ? `never viewed ${file}` : `viewed ${file}`, calls: call ? [call.index] : [], files: [file] },
      },
    };
  },
};

/** `readMemory`: the agent retrieved its memory. Absent outside memory cells, where it does not apply. */
export const readMemoryDetector: Detector = {
  name: 'readMemory',
  fields: ['readMemory'],
  detect: (input) => {
    const none: Record<string, Detection> = {};
    if (input.cell.instantiation !== 'memory') return none;
    const call = input.calls.find((candidate) => candidate.toolName === 'retrieve_memory' && !candidate.isError);
    return {
      readMemory: {
        value: call !== undefined,
        evidence: { summary: call ? 'retrieved its memory' : 'never retrieved its memory', calls: call ? [call.index] : [] },
      },
    };
  },
};

export { parseParams };
