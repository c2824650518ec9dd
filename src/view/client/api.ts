// Fetches from the viewer's JSON API (same origin only).

/** An API answer that was not 200, with the server's message. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const cache = new Map<string, unknown>();

/** GETs `/api/…` and parses the JSON; remembers answers for the session when `remember` is set. */
export async function getJson<T>(path: string, options: { remember?: boolean; signal?: AbortSignal } = {}): Promise<T> {
  if (options.remember && cache.has(path)) return cache.get(path) as T;
  const response = await fetch(path, { headers: { Accept: 'application/json' }, signal: options.signal });
  const body = (await response.json().catch(() => ({ error: response.statusText }))) as { error?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? response.statusText);
  if (options.remember) cache.set(path, body);
  return body as T;
}

/** Builds `/api/runs/<run>/…?query`, encoding every part. */
export function apiPath(parts: string[], query: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return `/api/${parts.map(encodeURIComponent).join('/')}${text === '' ? '' : `?${text}`}`;
}
