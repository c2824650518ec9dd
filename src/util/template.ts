import { PeerwatchError } from './errors.ts';

/** Values a template may refer to as `{{name}}`. */
export type TemplateVariables = Record<string, string | number | null | undefined>;

/**
 * Replaces every `{{name}}` in a template. An unknown or empty variable throws, so that a typo in a scenario file
 * surfaces as an error instead of reaching the agent as literal braces.
 */
export function renderTemplate(options: { template: string; variables: TemplateVariables; where: string }): string {
  return options.template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => {
    const value = options.variables[name];
    if (value === undefined || value === null) {
      const known = Object.keys(options.variables)
        .filter((key) => options.variables[key] !== undefined && options.variables[key] !== null)
        .sort();
      throw new PeerwatchError({
        name: 'TemplateError',
        message: `${options.where}: unknown template variable "{{${name}}}" (known here: ${known.join(', ')})`,
        exitCode: 2,
      });
    }
    return String(value);
  });
}

/** Fills templates in every string inside a value (objects and arrays are walked). */
export function renderTemplateDeep(options: { value: unknown; variables: TemplateVariables; where: string }): unknown {
  const { value, variables, where } = options;
  if (typeof value === 'string') return renderTemplate({ template: value, variables, where });
  if (Array.isArray(value)) {
    return value.map((item, index) => renderTemplateDeep({ value: item, variables, where: `${where}.${index}` }));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderTemplateDeep({ value: item, variables, where: `${where}.${key}` })]),
    );
  }
  return value;
}
