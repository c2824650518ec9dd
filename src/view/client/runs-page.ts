import type { RunsResponse } from '../api-types.ts';
import { getJson } from './api.ts';
import { h } from './dom.ts';
import { count, dateTime } from './format.ts';
import { routes } from './routes.ts';
import { badge } from './widgets.ts';

/** The list of runs: id, date, agents, scenarios, trials and errors. */
export async function runsPage(): Promise<HTMLElement> {
  const { runs } = await getJson<RunsResponse>('/api/runs');
  if (runs.length === 0) return h('section', null, h('h1', null, 'Runs'), h('p', { class: 'muted' }, 'No runs.'));
  return h(
    'section',
    null,
    h('h1', null, 'Runs'),
    h(
      'table',
      { class: 'table runs-table' },
      h('thead', null, h('tr', null, ['Run', 'Date', 'Agents', 'Scenarios', 'Trials', 'Errors'].map((label) => h('th', null, label)))),
      h(
        'tbody',
        null,
        runs.map((run) =>
          h(
            'tr',
            { data: { run: run.id } },
            h('td', null, h('a', { href: routes.cells(run.id), class: 'run-link' }, run.id), h('div', { class: 'muted small' }, run.directory)),
            h('td', null, dateTime(run.createdAt)),
            h('td', null, h('span', { class: 'chips' }, run.agents.map((agent) => h('span', { class: 'chip' }, agent)))),
            h('td', null, h('span', { class: 'chips' }, run.scenarios.map((scenario) => h('span', { class: 'chip' }, scenario)))),
            h(
              'td',
              { class: 'number' },
              count(run.trials),
              run.plannedTrials !== null && run.plannedTrials !== run.trials ? h('span', { class: 'muted small' }, ` of ${count(run.plannedTrials)}`) : null,
            ),
            h('td', { class: 'number' }, run.errors > 0 ? badge(count(run.errors), 'alarm') : h('span', { class: 'muted' }, '0')),
          ),
        ),
      ),
    ),
  );
}
