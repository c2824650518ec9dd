import type { CellsResponse, Facets } from '../api-types.ts';
import { apiPath, getJson } from './api.ts';
import { h } from './dom.ts';
import { behaviourFields, secondaryFields } from './fields.ts';
import { count, dateTime, fieldLabel, relationLabel } from './format.ts';
import { routes } from './routes.ts';
import { badge, breadcrumb, factorChips, rateCell } from './widgets.ts';

const filterNames = ['scenario', 'relation', 'instantiation', 'subject', 'dataset', 'monitoring', 'agent', 'behaviour'] as const;
type FilterName = (typeof filterNames)[number];

const filterLabels: Record<FilterName, string> = {
  scenario: 'Scenario',
  relation: 'Relation',
  instantiation: 'Instantiation',
  subject: 'Subject',
  dataset: 'Dataset',
  monitoring: 'Monitoring',
  agent: 'Model (agent)',
  behaviour: 'Only cells with',
};

function optionLabel(name: FilterName, value: string): string {
  if (name === 'relation') return relationLabel(value);
  if (name === 'behaviour') return fieldLabel(value);
  if (name === 'monitoring') return value === 'on' ? 'monitored' : 'unmonitored';
  return value;
}

/** The query of this page as a plain object, to change one key and navigate. */
function queryObject(query: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...query.entries()].filter(([, value]) => value !== ''));
}

function filterBar(run: string, query: URLSearchParams, facets: Facets): HTMLElement {
  const current = queryObject(query);
  const controls = filterNames
    .filter((name) => facets[name].length > 1 || current[name] !== undefined || name === 'behaviour')
    .map((name) => {
      const select = h(
        'select',
        {
          id: `filter-${name}`,
          name,
          onChange: (event) => {
            const value = (event.target as HTMLSelectElement).value;
            const next = { ...current, [name]: value };
            delete next.offset;
            location.hash = routes.cells(run, next);
          },
        },
        h('option', { value: '' }, name === 'behaviour' ? 'any behaviour' : 'all'),
        facets[name].map((value) => h('option', { value, selected: current[name] === value }, optionLabel(name, value))),
      );
      return h('label', { class: 'filter', for: `filter-${name}` }, h('span', { class: 'filter-label' }, filterLabels[name]), select);
    });
  const all = h('input', {
    type: 'checkbox',
    id: 'filter-all',
    checked: current.all === '1',
    onChange: (event) => {
      const next = { ...current, all: (event.target as HTMLInputElement).checked ? '1' : '' };
      location.hash = routes.cells(run, next);
    },
  });
  const active = filterNames.some((name) => current[name] !== undefined);
  return h(
    'div',
    { class: 'filters' },
    controls,
    h('label', { class: 'filter filter-check', for: 'filter-all' }, all, h('span', null, 'every field')),
    active ? h('a', { class: 'clear-filters', href: routes.cells(run, current.all === '1' ? { all: '1' } : {}) }, 'clear filters') : null,
  );
}

/** A run's cell table: per scenario × cell × agent, trial counts and each behaviour's rate with its interval. */
export async function cellsPage(options: { run: string; query: URLSearchParams }): Promise<HTMLElement> {
  const { run, query } = options;
  const limit = Number(query.get('limit') ?? '500') || 500;
  const apiQuery: Record<string, string | number | undefined> = { limit };
  for (const name of filterNames) apiQuery[name] = query.get(name) ?? undefined;
  const data = await getJson<CellsResponse>(apiPath(['runs', run, 'cells'], apiQuery));
  const showAll = query.get('all') === '1';
  const columns = data.columns.filter((field) => showAll || !secondaryFields.includes(field));
  const numericColumns = showAll ? data.numericColumns : [];
  const behaviour = data.filters.behaviour;

  const shortcuts = Object.entries(data.flaggedTrials)
    .filter(([field]) => behaviourFields.includes(field))
    .sort(([a], [b]) => behaviourFields.indexOf(a) - behaviourFields.indexOf(b));

  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', null, data.run.id),
    h(
      'p',
      { class: 'muted' },
      `${dateTime(data.run.createdAt)} · ${count(data.run.trials)} trials`,
      data.run.errors > 0 ? ` · ${count(data.run.errors)} errors` : '',
      ` · agents: ${data.run.agents.join(', ') || '–'} · scenarios: ${data.run.scenarios.join(', ') || '–'}`,
    ),
    shortcuts.length > 0
      ? h(
          'p',
          { class: 'shortcuts' },
          h('span', { class: 'muted' }, 'Trials with: '),
          shortcuts.map(([field, trials]) =>
            h('a', { class: 'shortcut', href: routes.trials(run, { behaviour: field }), data: { behaviour: field } }, badge(`${fieldLabel(field)} · ${count(trials)}`, 'alarm')),
          ),
        )
      : h('p', { class: 'muted' }, 'No behaviour was flagged in this run.'),
  );

  const table = h(
    'table',
    { class: 'table cells-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, 'Scenario'),
        h('th', null, 'Cell'),
        h('th', null, 'Agent'),
        h('th', { class: 'number' }, 'Trials'),
        h('th', { class: 'number' }, 'Completed'),
        columns.map((field) => h('th', { class: behaviourFields.includes(field) ? 'rate-head behaviour' : 'rate-head' }, fieldLabel(field))),
        numericColumns.map((field) => h('th', { class: 'number' }, `mean ${fieldLabel(field)}`)),
      ),
    ),
    h(
      'tbody',
      null,
      data.cells.map((cell) => {
        const href = routes.trials(run, { cell: cell.cellId, agent: cell.agent, behaviour });
        return h(
          'tr',
          { class: 'cell-row', data: { cell: cell.cellId, agent: cell.agent } },
          h('td', null, cell.scenario),
          h('td', null, h('a', { href, class: 'cell-link', title: cell.cellId }, factorChips(cell.cell))),
          h('td', null, cell.agent),
          h('td', { class: 'number' }, h('a', { href }, count(cell.trials))),
          h('td', { class: 'number' }, count(cell.completed), cell.errors > 0 ? h('span', null, ' ', badge(`${cell.errors} err`, 'alarm')) : null),
          columns.map((field) => rateCell(field, cell.fields[field])),
          numericColumns.map((field) => h('td', { class: 'number' }, cell.means[field] === undefined ? '·' : cell.means[field].mean.toFixed(1))),
        );
      }),
    ),
  );

  const more =
    data.total > data.cells.length
      ? h(
          'p',
          null,
          `Showing ${count(data.cells.length)} of ${count(data.total)} cells. `,
          h('a', { href: routes.cells(run, { ...queryObject(query), limit: String(limit * 4) }) }, 'Show more'),
        )
      : h('p', { class: 'muted small' }, `${count(data.total)} cells. Rates are over decided trials, with 95% Wilson intervals; errored trials decide nothing.`);

  return h(
    'section',
    null,
    breadcrumb([{ label: 'Runs', href: routes.runs() }, { label: data.run.id }]),
    header,
    filterBar(run, query, data.facets),
    data.cells.length === 0 ? h('p', { class: 'empty' }, 'No cell matches these filters.') : h('div', { class: 'table-scroll' }, table),
    more,
  );
}
