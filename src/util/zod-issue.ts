import type { z } from 'zod';

/** One zod issue as `path.to.field: message`, with `(root)` for the top level. */
export function formatZodIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length === 0 ? '(root)' : issue.path.map((part) => String(part)).join('.');
  return `${path}: ${issue.message}`;
}
