import { renderTemplate, UsageError, type TemplateVariables } from '../util/index.ts';
import type { Cell } from './factors.ts';
import { readScenarioText } from './load-scenario.ts';
import { matchesWhen, type Scenario, type Text } from './scenario-schema.ts';

/**
 * Turns a scenario text (inline, file or variants) into the text for one cell, with its template variables filled
 * in. `where` names the field for error messages (`task`, `world.drive.0.content`).
 */
export function resolveText(options: {
  scenario: Scenario;
  text: Text;
  cell: Cell;
  variables: TemplateVariables;
  where: string;
}): string {
  const { scenario, text, cell, variables, where } = options;
  const render = (template: string) =>
    renderTemplate({ template, variables, where: `${scenario.path}: ${where}` });
  if (typeof text === 'string') return render(text);
  if (!Array.isArray(text)) return render(readScenarioText({ scenario, file: render(text.file) }));
  const variant = text.find((candidate) => matchesWhen({ when: candidate.when, cell }));
  if (variant === undefined) {
    throw new UsageError({ message: `${scenario.path}: ${where}: no variant matches the cell ${JSON.stringify(cell)}` });
  }
  if (variant.text !== undefined) return render(variant.text);
  return render(readScenarioText({ scenario, file: render(variant.file ?? '') }));
}
