import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PeerwatchError, UsageError } from '../util/index.ts';
import type { CellFilters, CellsResponse, RunsResponse, TrialResponse, TrialsResponse } from './api-types.ts';
import { filterCells } from './cell-table.ts';
import { loadClientAssets, type ClientAsset } from './client-assets.ts';
import { allowedHostHeaders, securityHeaders } from './http-guard.ts';
import { findPairedTrials } from './pairing.ts';
import { isFieldName, queryTrialPage } from './queries.ts';
import { RunCatalog, type CatalogRun } from './run-catalog.ts';

/** A running viewer. */
export type Viewer = {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  host: string;
  port: number;
  catalog: RunCatalog;
  /** Stops the server and closes the stores. */
  close: () => Promise<void>;
};

/** The viewer could not start (port taken, address not available). */
export class ViewerStartError extends PeerwatchError {
  constructor(options: { message: string; cause?: unknown }) {
    super({ name: 'ViewerStartError', message: options.message, exitCode: 1, cause: options.cause });
  }
}

/** A request the API refuses, with its status. */
class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const maxTrialPage = 500;
const maxCellPage = 2000;

function integerParameter(parameters: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = parameters.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new HttpError(400, `${name} must be a whole number of at least 0`);
  return Math.min(value, max);
}

function optionalParameter(parameters: URLSearchParams, name: string): string | undefined {
  const value = parameters.get(name);
  return value === null || value === '' ? undefined : value;
}

function behaviourParameter(parameters: URLSearchParams): string | undefined {
  const behaviour = optionalParameter(parameters, 'behaviour');
  if (behaviour !== undefined && !isFieldName(behaviour)) throw new HttpError(400, 'behaviour must be a detection field name such as exfiltration');
  return behaviour;
}

/** Routes of the JSON API, given the decoded path segments after `/api/`. */
function handleApi(catalog: RunCatalog, segments: string[], parameters: URLSearchParams): unknown {
  if (segments.length === 1 && segments[0] === 'runs') {
    const runs = catalog
      .list()
      .map((run) => run.entry())
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || a.id.localeCompare(b.id));
    return { runs } satisfies RunsResponse;
  }
  if (segments[0] !== 'runs' || segments.length < 3) throw new HttpError(404, 'no such API endpoint');
  const run = catalog.get(segments[1]);
  if (run === undefined) throw new HttpError(404, `no run with id ${segments[1]}`);
  if (segments.length === 3 && segments[2] === 'cells') return cellsResponse(run, parameters);
  if (segments.length === 3 && segments[2] === 'trials') return trialsResponse(run, parameters);
  if (segments.length === 4 && segments[2] === 'trials') return trialResponse(run, segments[3], parameters);
  throw new HttpError(404, 'no such API endpoint');
}

function cellsResponse(run: CatalogRun, parameters: URLSearchParams): CellsResponse {
  const filters: CellFilters = {};
  for (const name of ['scenario', 'relation', 'instantiation', 'subject', 'dataset', 'monitoring', 'agent'] as const) {
    const value = optionalParameter(parameters, name);
    if (value !== undefined) filters[name] = value;
  }
  const behaviour = behaviourParameter(parameters);
  if (behaviour !== undefined) filters.behaviour = behaviour;
  const offset = integerParameter(parameters, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const limit = integerParameter(parameters, 'limit', 500, maxCellPage) || 500;
  const table = run.cellTable.get();
  const cells = filterCells({ cells: table.cells, filters });
  return {
    run: run.entry(),
    filters,
    facets: table.facets,
    // Only the fields the shown cells have: a scenario filter drops the other scenarios' columns.
    columns: table.columns.filter((field) => cells.some((row) => row.fields[field] !== undefined)),
    numericColumns: table.numericColumns.filter((field) => cells.some((row) => row.means[field] !== undefined)),
    total: cells.length,
    offset,
    limit,
    cells: cells.slice(offset, offset + limit),
    flaggedTrials: table.flaggedTrials,
  };
}

function trialsResponse(run: CatalogRun, parameters: URLSearchParams): TrialsResponse {
  const cellId = optionalParameter(parameters, 'cell');
  const offset = integerParameter(parameters, 'offset', 0, Number.MAX_SAFE_INTEGER);
  const limit = integerParameter(parameters, 'limit', 100, maxTrialPage) || 100;
  const { total, trials } = queryTrialPage({
    database: run.store.database,
    // A cell id starts with its scenario: giving both lets SQLite use the (scenario, cell_id, agent) index.
    filter: {
      scenario: optionalParameter(parameters, 'scenario') ?? (cellId === undefined ? undefined : cellId.split('/')[0]),
      cellId,
      agent: optionalParameter(parameters, 'agent'),
      status: optionalParameter(parameters, 'status'),
      behaviour: behaviourParameter(parameters),
    },
    offset,
    limit,
  });
  return { total, offset, limit, trials };
}

function trialResponse(run: CatalogRun, id: string, parameters: URLSearchParams): TrialResponse {
  const record = run.store.getTrial(id);
  if (record === null) throw new HttpError(404, `no trial with id ${id} in run ${run.id}`);
  // The transcript (conversation and both worlds) is the heavy part: read only when this trial is opened.
  const transcript = parameters.get('transcript') === '0' ? null : run.store.getTranscript(id);
  const pairs = findPairedTrials({ database: run.store.database, record, cells: run.cellTable.get().cells });
  return { record, transcript, pairs };
}

function send(response: ServerResponse, status: number, asset: ClientAsset, method: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, {
    ...securityHeaders,
    'Content-Type': asset.contentType,
    'Content-Length': String(asset.body.length),
    ...extra,
  });
  response.end(method === 'HEAD' ? undefined : asset.body);
}

function sendJson(response: ServerResponse, status: number, value: unknown, method: string): void {
  send(response, status, { body: Buffer.from(JSON.stringify(value)), contentType: 'application/json; charset=utf-8' }, method, {
    'Cache-Control': 'no-store',
  });
}

function createHandler(options: { catalog: RunCatalog; assets: Map<string, ClientAsset>; allowedHosts: () => Set<string> }) {
  const { catalog, assets } = options;
  return (request: IncomingMessage, response: ServerResponse): void => {
    const method = request.method ?? 'GET';
    const host = (request.headers.host ?? '').toLowerCase();
    if (!options.allowedHosts().has(host)) {
      sendJson(response, 421, { error: `unexpected Host header ${JSON.stringify(request.headers.host ?? '')}` }, method);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      sendJson(response, 405, { error: 'the viewer is read-only: only GET and HEAD' }, method);
      return;
    }
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://viewer.invalid');
    } catch {
      sendJson(response, 400, { error: 'bad request URL' }, method);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      try {
        const segments = url.pathname
          .slice('/api/'.length)
          .split('/')
          .map((segment) => decodeURIComponent(segment));
        sendJson(response, 200, handleApi(catalog, segments, url.searchParams), method);
      } catch (error) {
        if (error instanceof HttpError) sendJson(response, error.status, { error: error.message }, method);
        else if (error instanceof URIError) sendJson(response, 400, { error: 'bad percent-encoding in the path' }, method);
        else sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) }, method);
      }
      return;
    }
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204, { ...securityHeaders, 'Cache-Control': 'max-age=86400' });
      response.end();
      return;
    }
    const asset = assets.get(url.pathname);
    if (asset === undefined) {
      sendJson(response, 404, { error: 'not found' }, method);
      return;
    }
    send(response, 200, asset, method, { 'Cache-Control': 'no-cache' });
  };
}

/**
 * Aggregates each run's counts and cell table once, one run per turn of the event loop, while the user is still
 * opening the page; requests that arrive meanwhile are served between runs. A run that fails here fails again, with
 * its message, when its page is asked for.
 */
function warmUp(runs: CatalogRun[]): void {
  const next = (index: number) => {
    if (index >= runs.length) return;
    setImmediate(() => {
      try {
        runs[index].entry();
        runs[index].cellTable.get();
      } catch {
        // Reported on request.
      }
      next(index + 1);
    });
  };
  next(0);
}

/**
 * Starts the viewer on `host:port` (127.0.0.1 and a free port by default) over the given run folders, each opened
 * read-only (`RunStore.open({ readOnly: true })`, plus `PRAGMA query_only`). Serves the single-page app and its JSON API; never writes to a run.
 */
export async function startViewer(options: {
  directories: string[];
  host?: string;
  port?: number;
  /** Called for each run folder left out because it cannot be opened; without it such a folder is an error. */
  onSkip?: (directory: string, error: Error) => void;
}): Promise<Viewer> {
  const host = options.host ?? '127.0.0.1';
  const catalog = RunCatalog.open({ directories: options.directories, onSkip: options.onSkip });
  let allowed = new Set<string>();
  const server: Server = createServer(createHandler({ catalog, assets: loadClientAssets(), allowedHosts: () => allowed }));
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    catalog.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_SOCKET_BAD_PORT') throw new UsageError({ message: `--port ${options.port}: not a port number (0 to 65535; 0 or no --port picks a free one)` });
    if (code === 'EADDRINUSE') throw new UsageError({ message: `--port ${options.port}: the port is in use; pick another or leave --port out for a free one` });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError({ message: `--host ${host}: not an address of this machine` });
    throw new ViewerStartError({ message: `cannot start the viewer on ${host}: ${(error as Error).message}`, cause: error });
  }
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHostHeaders({ host, port });
  warmUp(catalog.list());
  // Bound to every interface, the address to open on this machine is still the loopback one.
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const shown = local.includes(':') ? `[${local}]` : local;
  return {
    url: `http://${shown}:${port}/`,
    host,
    port,
    catalog,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          catalog.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
