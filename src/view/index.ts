export { startViewer, ViewerStartError, type Viewer } from './viewer-server.ts';
export { findRunFolders, RunCatalog, type CatalogRun } from './run-catalog.ts';
export { buildCellTable, filterCells, CellTableCache, type CellTable } from './cell-table.ts';
export { behaviourFields } from './client/fields.ts';
export { differingFactor, findPairedTrials } from './pairing.ts';
export { allowedHostHeaders, isLoopbackHost, securityHeaders } from './http-guard.ts';
/** For benchmarks and tests: a large, realistic run written straight into a store. */
export { writeSyntheticRun } from './synthetic-run.ts';
export type {
  CellFilters,
  CellRow,
  CellsResponse,
  Facets,
  FieldStats,
  Interval,
  PairedTrial,
  RunListEntry,
  RunsResponse,
  TrialResponse,
  TrialRow,
  TrialsResponse,
} from './api-types.ts';
