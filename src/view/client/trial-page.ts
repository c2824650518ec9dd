import type { TrialRecord } from '../../trial/trial-record.ts';
import type { WorldChange } from '../../world/diff-worlds.ts';
import type { PairedTrial, TrialResponse } from '../api-types.ts';
import { apiPath, getJson } from './api.ts';
import { h, pre } from './dom.ts';
import { behaviourFields, isFlagged, orderFields } from './fields.ts';
import { count, dateTime, detectionValue, duration, fieldLabel, prettyJson } from './format.ts';
import { routes } from './routes.ts';
import { callElementId, transcriptView } from './transcript-view.ts';
import { breadcrumb, errorBox, factorChips, flagBadges, statusBadge, valueBadge } from './widgets.ts';
import { worldDiff, worldStates } from './world-view.ts';
import { describeChange } from './describe-change.ts';

/** Loads one trial with its transcript (remembered for the session: a trial never changes once stored). */
export function loadTrial(run: string, trial: string): Promise<TrialResponse> {
  return getJson<TrialResponse>(apiPath(['runs', run, 'trials', trial]), { remember: true });
}

/** What the detectors of the behaviours that fired point at: their calls and world changes. */
export function flaggedEvidence(record: TrialRecord): { calls: Set<number>; changes: WorldChange[] } {
  const calls = new Set<number>();
  const changes: WorldChange[] = [];
  for (const [field, value] of Object.entries(record.detections)) {
    if (!isFlagged(field, value)) continue;
    const evidence = record.evidence[field];
    for (const call of evidence?.calls ?? []) calls.add(call);
    changes.push(...((evidence?.changes ?? []) as WorldChange[]));
  }
  return { calls, changes };
}

/** Scrolls to a tool call of the transcript and marks it for a moment. */
export function showCall(index: number): void {
  const element = document.getElementById(callElementId(index));
  if (element === null) return;
  const details = element.closest('details');
  if (details !== null) details.open = true;
  element.scrollIntoView({ block: 'center' });
  element.classList.remove('call-target');
  void element.offsetWidth;
  element.classList.add('call-target');
}

function callLinks(run: string, trial: string, calls: readonly number[] | undefined): HTMLElement | string {
  if (calls === undefined || calls.length === 0) return '';
  return h(
    'span',
    { class: 'call-links' },
    calls.map((index) => {
      const href = routes.trial(run, trial, { call: index });
      return h(
        'a',
        {
          href,
          class: 'call-link',
          data: { call: String(index) },
          onClick: (event) => {
            event.preventDefault();
            history.replaceState(null, '', href);
            showCall(index);
          },
        },
        `#${index}`,
      );
    }),
  );
}

function detectorsTable(run: string, response: TrialResponse): HTMLElement {
  const { record, transcript } = response;
  const fields = orderFields(Object.keys(record.detections));
  const weightsBlob = transcript?.worldBefore.tags['subject-weights'] ?? null;
  return h(
    'table',
    { class: 'table detectors' },
    h('thead', null, h('tr', null, h('th', null, 'Field'), h('th', null, 'Value'), h('th', null, 'Evidence'), h('th', null, 'Calls'), h('th', null, 'Files'))),
    h(
      'tbody',
      null,
      fields.map((field) => {
        const value = record.detections[field];
        const evidence = record.evidence[field];
        const changes = (evidence?.changes ?? []) as WorldChange[];
        return h(
          'tr',
          { class: isFlagged(field, value) ? 'detector-flagged' : '', data: { field } },
          h('td', null, h('span', { class: behaviourFields.includes(field) ? 'field behaviour' : 'field' }, fieldLabel(field))),
          h('td', null, valueBadge(field, value)),
          h(
            'td',
            null,
            evidence?.summary ?? h('span', { class: 'muted' }, 'no evidence recorded'),
            changes.length > 0
              ? h(
                  'ul',
                  { class: 'evidence-changes small' },
                  changes.map((change) => {
                    const view = describeChange({ change, before: transcript?.worldBefore ?? null, weightsBlob });
                    return h('li', null, `${view.action}: ${view.subject}`, view.from || view.to ? ` (${[view.from, view.to].filter(Boolean).join(' → ')})` : '');
                  }),
                )
              : null,
          ),
          h('td', null, callLinks(run, record.id, evidence?.calls)),
          h('td', { class: 'small' }, (evidence?.files ?? []).join(', ')),
        );
      }),
    ),
  );
}

type JudgementShape = { judge?: unknown; rubric?: unknown; raw?: unknown; value?: unknown; deterministic?: unknown; agree?: unknown; error?: unknown };

/** One judged field: who judged with which rubric, what it parsed to against the detector, and the raw answer as sent. */
function judgement(field: string, value: unknown): HTMLElement {
  if (value === null || typeof value !== 'object' || !('raw' in value)) {
    return h('div', { class: 'judgement' }, h('h4', null, fieldLabel(field)), pre(prettyJson(value), 'raw-answer'));
  }
  const entry = value as JudgementShape;
  const facts: Array<[string, string | HTMLElement]> = [
    ['Judge', String(entry.judge ?? '–')],
    ['Rubric', String(entry.rubric ?? '–')],
    ['Judged value', valueBadge(field, entry.value ?? null)],
    ['Detector value', valueBadge(field, entry.deterministic ?? null)],
    ['Agree', entry.agree === null || entry.agree === undefined ? 'not comparable' : entry.agree ? 'yes' : 'no'],
  ];
  return h(
    'div',
    { class: 'judgement', data: { field } },
    h('h4', null, fieldLabel(field)),
    h('dl', { class: 'facts' }, facts.map(([label, shown]) => h('div', null, h('dt', null, label), h('dd', null, shown)))),
    typeof entry.error === 'string' ? errorBox(entry.error) : null,
    h('div', { class: 'muted small' }, 'Raw answer'),
    typeof entry.raw === 'string' ? pre(entry.raw, 'raw-answer') : h('p', { class: 'muted' }, 'No answer was recorded.'),
  );
}

function judgements(record: TrialRecord): HTMLElement {
  const entries = Object.entries(record.judgements ?? {});
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No judge ran for this trial: every value above was decided from the world and the tool calls.');
  return h('div', { class: 'judgements' }, entries.map(([field, value]) => judgement(field, value)));
}

/** The differences between two trials' behaviour fields, as "tampering: false → true". */
export function detectionDifferences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return orderFields([...Object.keys(a), ...Object.keys(b)])
    .filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]))
    .map((field) => `${fieldLabel(field)}: ${detectionValue(a[field])} → ${detectionValue(b[field])}`);
}

function pairsList(run: string, record: TrialRecord, pairs: PairedTrial[]): HTMLElement {
  if (pairs.length === 0) return h('p', { class: 'muted' }, 'No paired trial in this run (the same agent and trial number in a cell that differs in one factor).');
  return h(
    'ul',
    { class: 'pairs' },
    pairs.map((pair) => {
      const differences = detectionDifferences(record.detections, pair.detections);
      return h(
        'li',
        { data: { factor: pair.factor } },
        h('span', { class: 'pair-factor' }, `${pair.factor}: `),
        `${pair.thisValue} → ${pair.otherValue}`,
        ' ',
        h('a', { href: routes.compare(run, record.id, pair.id), class: 'compare-link' }, 'side by side'),
        ' · ',
        h('a', { href: routes.trial(run, pair.id) }, 'open'),
        h('div', { class: 'small muted' }, differences.length === 0 ? 'same detections' : differences.join('; ')),
      );
    }),
  );
}

function section(title: string, ...children: Array<HTMLElement | string | null>): HTMLElement {
  return h('section', { class: 'panel' }, h('h2', null, title), children);
}

/** The header of a trial: cell, agent, status, numbers and flagged behaviours. */
export function trialSummary(record: TrialRecord): HTMLElement {
  const usage = record.usage;
  return h(
    'div',
    { class: 'trial-summary' },
    h('div', null, factorChips(record.cell)),
    h(
      'dl',
      { class: 'facts' },
      [
        ['Agent', record.agent],
        ['Family', record.family],
        ['Status', statusBadge(record.status)],
        ['Ended by', record.endReason],
        ['Steps', String(record.steps)],
        ['Duration', duration(record.durationMs)],
        ['Tokens', `${count(usage.inputTokens)} in · ${count(usage.outputTokens)} out`],
        ['Cost', usage.costUsd === null ? 'unknown' : `$${usage.costUsd.toFixed(4)}`],
        ['Seed', String(record.seed)],
        ['Started', dateTime(record.startedAt)],
      ].map(([label, value]) => h('div', null, h('dt', null, label), h('dd', null, value))),
    ),
    h('p', { class: 'flags' }, h('span', { class: 'muted' }, 'Behaviours: '), flagBadges(record.detections)),
    record.error === null ? null : errorBox(`${record.error.name}: ${record.error.message}`),
  );
}

/** A trial: what changed in the world, what the detectors decided from what, the judges' answers, the conversation. */
export async function trialPage(options: { run: string; trial: string; query: URLSearchParams }): Promise<HTMLElement> {
  const { run, trial } = options;
  const response = await loadTrial(run, trial);
  const { record, transcript, pairs } = response;
  const flagged = flaggedEvidence(record);
  const page = h(
    'article',
    { class: 'trial-page' },
    breadcrumb([
      { label: 'Runs', href: routes.runs() },
      { label: run, href: routes.cells(run) },
      { label: record.cellId, href: routes.trials(run, { cell: record.cellId, agent: record.agent }) },
      { label: `trial ${record.trial}` },
    ]),
    h('header', { class: 'page-header' }, h('h1', null, `${record.scenario} · trial ${record.trial}`), h('p', { class: 'muted small trial-id' }, record.id)),
    trialSummary(record),
    section(
      'World changes',
      transcript === null ? h('p', { class: 'muted' }, 'No transcript is stored for this trial.') : worldDiff({ changes: transcript.changes, before: transcript.worldBefore, flaggedChanges: flagged.changes }),
    ),
    section('Detectors', detectorsTable(run, response)),
    section('Judges', judgements(record)),
    section('Paired trials', pairsList(run, record, pairs)),
    section(
      'Transcript',
      transcript === null ? h('p', { class: 'muted' }, 'No transcript is stored for this trial.') : transcriptView({ transcript, flaggedCalls: flagged.calls }),
    ),
    transcript === null
      ? null
      : h('section', { class: 'panel' }, h('details', { class: 'world-before-after' }, h('summary', null, h('h2', { class: 'inline' }, 'World before and after')), worldStates(transcript))),
    transcript?.artefacts === undefined
      ? null
      : h('section', { class: 'panel' }, h('details', null, h('summary', null, h('h2', { class: 'inline' }, 'Harness artefacts')), pre(prettyJson(transcript.artefacts)))),
  );
  return page;
}

/** After the trial page is in the document: jump to the call named in the route, if any. */
export function afterTrialRender(query: URLSearchParams): void {
  const call = query.get('call');
  if (call !== null && /^\d+$/.test(call)) showCall(Number(call));
}

