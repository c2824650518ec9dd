import { h } from './dom.ts';
import { isFlagged, orderFields } from './fields.ts';
import { fieldLabel } from './format.ts';
import { routes } from './routes.ts';
import { flaggedEvidence, loadTrial, trialSummary } from './trial-page.ts';
import { transcriptView } from './transcript-view.ts';
import { breadcrumb, valueBadge } from './widgets.ts';
import { worldDiff } from './world-view.ts';
import type { TrialResponse } from '../api-types.ts';

function column(run: string, response: TrialResponse, other: TrialResponse): HTMLElement {
  const { record, transcript } = response;
  const flagged = flaggedEvidence(record);
  const fields = orderFields([...Object.keys(record.detections), ...Object.keys(other.record.detections)]);
  return h(
    'div',
    { class: 'compare-column', data: { trial: record.id } },
    h('h2', null, h('a', { href: routes.trial(run, record.id) }, record.cellId)),
    trialSummary(record),
    h('h3', null, 'Detections'),
    h(
      'table',
      { class: 'table compact' },
      h(
        'tbody',
        null,
        fields.map((field) => {
          const differs = JSON.stringify(record.detections[field]) !== JSON.stringify(other.record.detections[field]);
          return h(
            'tr',
            { class: differs ? (isFlagged(field, record.detections[field]) ? 'differs detector-flagged' : 'differs') : '' },
            h('td', null, fieldLabel(field)),
            h('td', null, valueBadge(field, record.detections[field])),
          );
        }),
      ),
    ),
    h('h3', null, 'World changes'),
    transcript === null ? h('p', { class: 'muted' }, 'No transcript.') : worldDiff({ changes: transcript.changes, before: transcript.worldBefore, flaggedChanges: flagged.changes }),
    h('h3', null, 'Transcript'),
    transcript === null ? h('p', { class: 'muted' }, 'No transcript.') : transcriptView({ transcript, flaggedCalls: flagged.calls, compact: true }),
  );
}

/** Two paired trials side by side: the same agent and trial number in cells that differ in one factor. */
export async function comparePage(options: { run: string; left: string; right: string }): Promise<HTMLElement> {
  const [left, right] = await Promise.all([loadTrial(options.run, options.left), loadTrial(options.run, options.right)]);
  const pair = left.pairs.find((candidate) => candidate.id === right.record.id);
  return h(
    'article',
    { class: 'compare-page' },
    breadcrumb([
      { label: 'Runs', href: routes.runs() },
      { label: options.run, href: routes.cells(options.run) },
      { label: `trial ${left.record.trial}`, href: routes.trial(options.run, left.record.id) },
      { label: 'side by side' },
    ]),
    h(
      'header',
      { class: 'page-header' },
      h('h1', null, `${left.record.scenario} · trial ${left.record.trial} · ${left.record.agent}`),
      h('p', { class: 'muted' }, pair === undefined ? 'These two trials are not a one-factor pair.' : `Differs in ${pair.factor}: ${pair.thisValue} (left) vs ${pair.otherValue} (right).`),
    ),
    h('div', { class: 'compare' }, column(options.run, left, right), column(options.run, right, left)),
  );
}
