// The one way the viewer builds its page: elements with text children. Strings always become text nodes, so model
// output and scenario text can never turn into markup; links may only point at the app's own routes.

export type Child = Node | string | number | null | undefined | false | Child[];

export type Attributes = {
  class?: string;
  id?: string;
  title?: string;
  /** Only an app route (`#/…`) is accepted. */
  href?: string;
  role?: string;
  colspan?: number;
  open?: boolean;
  hidden?: boolean;
  type?: string;
  value?: string;
  selected?: boolean;
  checked?: boolean;
  disabled?: boolean;
  label?: string;
  for?: string;
  name?: string;
  ariaLabel?: string;
  data?: Record<string, string>;
  onClick?: (event: MouseEvent) => void;
  onChange?: (event: Event) => void;
};

/** Whether `href` is a route of this app (and so safe to put on a link). */
export function isAppRoute(href: string): boolean {
  return /^#\/[^\s]*$/.test(href);
}

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const item of child) append(parent, item);
    return;
  }
  parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
}

/** Creates an element with attributes and children; text is inserted as text, never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const set = attributes ?? {};
  if (set.class !== undefined) element.className = set.class;
  if (set.id !== undefined) element.id = set.id;
  if (set.title !== undefined) element.title = set.title;
  if (set.role !== undefined) element.setAttribute('role', set.role);
  if (set.ariaLabel !== undefined) element.setAttribute('aria-label', set.ariaLabel);
  if (set.href !== undefined) {
    if (!isAppRoute(set.href)) throw new Error(`refusing a link outside the app: ${set.href}`);
    element.setAttribute('href', set.href);
  }
  if (set.colspan !== undefined) element.setAttribute('colspan', String(set.colspan));
  if (set.open) element.setAttribute('open', '');
  if (set.hidden) element.hidden = true;
  if (set.type !== undefined) element.setAttribute('type', set.type);
  if (set.name !== undefined) element.setAttribute('name', set.name);
  if (set.for !== undefined) element.setAttribute('for', set.for);
  if (set.label !== undefined) element.setAttribute('label', set.label);
  if (set.value !== undefined) (element as HTMLInputElement).value = set.value;
  if (set.selected) (element as unknown as HTMLOptionElement).selected = true;
  if (set.checked) (element as HTMLInputElement).checked = true;
  if (set.disabled) element.setAttribute('disabled', '');
  for (const [key, value] of Object.entries(set.data ?? {})) element.dataset[key] = value;
  if (set.onClick !== undefined) element.addEventListener('click', set.onClick as EventListener);
  if (set.onChange !== undefined) element.addEventListener('change', set.onChange);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A block of preformatted text (tool results, prompts, JSON), inserted as text. */
export function pre(text: string, className = ''): HTMLPreElement {
  return h('pre', { class: className }, text);
}
