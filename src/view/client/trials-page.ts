import type { TrialsResponse } from '../api-types.ts';
import { apiPath, getJson } from './api.ts';
import { h } from './dom.ts';
import { behaviourFields, isFlagged, orderFields } from './fields.ts';
import { count, detectionValue, duration, fieldLabel } from './format.ts';
import { routes } from './routes.ts';
import { breadcrumb, flagBadges, statusBadge } from './widgets.ts';

const pageSize = 100;

/** A page of trials: of one cell and agent, or of the whole run, optionally only those where a behaviour fired. */
export async function trialsPage(options: { run: string; query: URLSearchParams }): Promise<HTMLElement> {
  const { run, query } = options;
  const cell = query.get('cell') ?? undefined;
  const agent = query.get('agent') ?? undefined;
  const behaviour = query.get('behaviour') ?? undefined;
  const status = query.get('status') ?? undefined;
  const offset = Math.max(0, Number(query.get('offset') ?? '0') || 0);
  const data = await getJson<TrialsResponse>(apiPath(['runs', run, 'trials'], { cell, agent, behaviour, status, offset, limit: pageSize }));
  const base = { cell, agent, behaviour, status };
  const title = [
    cell ?? 'All cells',
    agent === undefined ? null : `· ${agent}`,
    behaviour === undefined ? null : `· with ${fieldLabel(behaviour)}`,
    status === undefined ? null : `· ${status}`,
  ]
    .filter((part) => part !== null)
    .join(' ');
  const otherFields = orderFields(data.trials.flatMap((trial) => Object.keys(trial.detections))).filter((field) => !behaviourFields.includes(field));

  const rows = data.trials.map((trial) => {
    const href = routes.trial(run, trial.id);
    const flagged = behaviourFields.some((field) => isFlagged(field, trial.detections[field]));
    return h(
      'tr',
      { class: flagged ? 'trial-row flagged' : 'trial-row', data: { trial: trial.id } },
      h('td', { class: 'number' }, h('a', { href, class: 'trial-link' }, `#${trial.trial}`)),
      cell === undefined ? h('td', null, h('a', { href }, trial.cellId)) : null,
      agent === undefined ? h('td', null, trial.agent) : null,
      h('td', null, statusBadge(trial.status), trial.endReason ? h('span', { class: 'muted small' }, ` ${trial.endReason}`) : null),
      h('td', { class: 'number' }, trial.steps ?? '–'),
      h('td', null, flagBadges(trial.detections)),
      h(
        'td',
        { class: 'small' },
        h(
          'div',
          { class: 'detections-inline' },
          otherFields
            .filter((field) => field in trial.detections)
            .map((field) => h('span', { class: 'kv' }, h('span', { class: 'muted' }, `${fieldLabel(field)} `), detectionValue(trial.detections[field]))),
        ),
      ),
      h('td', { class: 'number muted small' }, duration(trial.durationMs)),
    );
  });

  const pager = h(
    'div',
    { class: 'pager' },
    offset > 0 ? h('a', { href: routes.trials(run, { ...base, offset: Math.max(0, offset - pageSize) }) }, '← previous') : null,
    h('span', { class: 'muted' }, data.total === 0 ? 'no trials' : `${count(offset + 1)}–${count(offset + data.trials.length)} of ${count(data.total)}`),
    offset + data.trials.length < data.total ? h('a', { href: routes.trials(run, { ...base, offset: offset + pageSize }) }, 'next →') : null,
  );

  return h(
    'section',
    null,
    breadcrumb([
      { label: 'Runs', href: routes.runs() },
      { label: run, href: routes.cells(run, behaviour === undefined ? {} : { behaviour }) },
      { label: cell === undefined ? 'trials' : cell },
    ]),
    h('header', { class: 'page-header' }, h('h1', null, title)),
    data.trials.length === 0
      ? h('p', { class: 'empty' }, 'No trial matches.')
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'table trials-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', { class: 'number' }, 'Trial'),
                cell === undefined ? h('th', null, 'Cell') : null,
                agent === undefined ? h('th', null, 'Agent') : null,
                h('th', null, 'Status'),
                h('th', { class: 'number' }, 'Steps'),
                h('th', null, 'Behaviours'),
                h('th', null, 'Other detections'),
                h('th', { class: 'number' }, 'Time'),
              ),
            ),
            h('tbody', null, rows),
          ),
        ),
    pager,
  );
}
