const marker = Symbol.for('peerwatch.safe-html');

/** A string of HTML built by `html` or `rawHtml`: the only kind of value inserted into a page without escaping. */
export type SafeHtml = { readonly [marker]: true; readonly value: string };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Marks trusted markup (our own SVG charts, built markup) as safe. Never pass model or scenario text here. */
export function rawHtml(value: string): SafeHtml {
  return { [marker]: true, value };
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && marker in value;
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Template tag that escapes every interpolated value unless it is `SafeHtml` (arrays are joined). Untrusted text —
 * model output, scenario text, agent specs — therefore cannot become markup.
 *
 * @example html`<td>${agent}</td>` // agent "<script>" becomes "&#60;script&#62;"
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let index = 0; index < values.length; index += 1) out += render(values[index]) + strings[index + 1];
  return rawHtml(out);
}

/** Escapes text for a Markdown table cell or paragraph: no raw HTML, no table breaks, no code spans. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\r?\n/g, ' ');
}
