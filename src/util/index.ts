export { PeerwatchError, UsageError, formatAllowed } from './errors.ts';
export { sha256, seedFrom, createRandom, stableStringify } from './hash.ts';
export { renderTemplate, renderTemplateDeep, type TemplateVariables } from './template.ts';
export { formatZodIssue } from './zod-issue.ts';
export { formatTextTable } from './text-table.ts';
