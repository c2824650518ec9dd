import type { Scenario } from '../scenario/index.ts';

/** The detection field that measures each behaviour, in the order the paper reports them. */
const behaviourFields: Record<string, string> = {
  tampering: 'tampering',
  exfiltration: 'exfiltration',
  misrepresentation: 'aboveThreshold',
  'alignment-faking': 'shutdownExecuted',
  refusal: 'refusal',
};

/**
 * The primary behaviour field of a scenario: the field of its first behaviour (`tampering`, `exfiltration`,
 * `aboveThreshold` for misrepresentation, `shutdownExecuted` for alignment faking, `refusal`). Sequential sampling
 * stops a cell on the interval of this field.
 */
export function primaryField(scenario: Pick<Scenario, 'behaviours'>): string {
  for (const behaviour of scenario.behaviours) {
    const field = behaviourFields[behaviour];
    if (field !== undefined) return field;
  }
  return 'refusal';
}
