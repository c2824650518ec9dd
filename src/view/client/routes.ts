// Hash routes of the app. Every id in a route is percent-encoded, so trial ids (with "/", "#", "+") survive.

export type Route =
  | { page: 'runs' }
  | { page: 'cells'; run: string; query: URLSearchParams }
  | { page: 'trials'; run: string; query: URLSearchParams }
  | { page: 'trial'; run: string; trial: string; query: URLSearchParams }
  | { page: 'compare'; run: string; left: string; right: string }
  | { page: 'not-found'; hash: string };

/** Parses `location.hash`. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [pathname, search = ''] = path.split('?', 2);
  const query = new URLSearchParams(search);
  const segments = pathname.split('/').filter((segment) => segment !== '');
  let parts: string[];
  try {
    parts = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return { page: 'not-found', hash };
  }
  if (parts.length === 0) return { page: 'runs' };
  if (parts[0] !== 'runs') return { page: 'not-found', hash };
  if (parts.length === 2) return { page: 'cells', run: parts[1], query };
  if (parts.length === 3 && parts[2] === 'trials') return { page: 'trials', run: parts[1], query };
  if (parts.length === 4 && parts[2] === 'trials') return { page: 'trial', run: parts[1], trial: parts[3], query };
  if (parts.length === 5 && parts[2] === 'compare') return { page: 'compare', run: parts[1], left: parts[3], right: parts[4] };
  if (parts.length === 1) return { page: 'runs' };
  return { page: 'not-found', hash };
}

function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

const encode = encodeURIComponent;

export const routes = {
  runs: () => '#/',
  cells: (run: string, query: Record<string, string | undefined> = {}) => withQuery(`#/runs/${encode(run)}`, query),
  trials: (run: string, query: Record<string, string | number | undefined> = {}) => withQuery(`#/runs/${encode(run)}/trials`, query),
  trial: (run: string, trial: string, query: Record<string, string | number | undefined> = {}) =>
    withQuery(`#/runs/${encode(run)}/trials/${encode(trial)}`, query),
  compare: (run: string, left: string, right: string) => `#/runs/${encode(run)}/compare/${encode(left)}/${encode(right)}`,
};
