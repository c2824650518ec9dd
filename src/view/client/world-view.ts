import type { TrialTranscript } from '../../trial/run-trial.ts';
import type { WorldChange } from '../../world/diff-worlds.ts';
import type { WorldState } from '../../world/world-state.ts';
import { describeChange, sortByTone, type ChangeView } from './describe-change.ts';
import { h, type Child } from './dom.ts';
import { badge } from './widgets.ts';

const toneLabel = { alarm: 'alarm', warning: 'warning', normal: 'muted' } as const;

function arrow(from: string | null, to: string | null): Child {
  if (from === null && to === null) return h('span', { class: 'muted' }, '—');
  return h(
    'span',
    { class: 'move' },
    from === null ? null : h('span', { class: 'from' }, from),
    from !== null && to !== null ? h('span', { class: 'arrow' }, ' → ') : null,
    to === null ? null : h('span', { class: 'to' }, to),
  );
}

function changeRow(view: ChangeView, index: number): HTMLElement[] {
  const row = h(
    'tr',
    { class: `change change-${view.tone}${view.weights ? ' change-weights' : ''}`, data: { tone: view.tone, index: String(index) } },
    h('td', null, badge(view.action, view.tone === 'normal' ? 'muted' : toneLabel[view.tone])),
    h('td', null, h('span', { class: 'subject' }, view.subject), view.weights ? h('div', null, badge('model weights at stake', 'alarm')) : null),
    h('td', null, arrow(view.from, view.to)),
    h('td', null, arrow(view.before, view.after)),
  );
  if (view.lines === null) return [row];
  const diff = h(
    'details',
    { class: 'line-diff' },
    h('summary', null, `${view.lines.filter((line) => line.op !== 'same').length} changed lines`),
    h(
      'pre',
      { class: 'diff' },
      view.lines.map((line) => h('span', { class: `diff-${line.op}` }, `${line.op === 'add' ? '+ ' : line.op === 'remove' ? '- ' : '  '}${line.text}\n`)),
    ),
  );
  return [row, h('tr', { class: 'change-detail' }, h('td', { colspan: 4 }, diff))];
}

/** Rows of the world diff, alarming first: files added, removed, moved or copied between hosts, keys, times, users. */
export function worldDiff(options: { changes: readonly WorldChange[]; before: WorldState | null; flaggedChanges: readonly WorldChange[] }): HTMLElement {
  const weightsBlob = options.before?.tags['subject-weights'] ?? null;
  const views = sortByTone(options.changes.map((change) => describeChange({ change, before: options.before, weightsBlob, flaggedChanges: options.flaggedChanges })));
  if (views.length === 0) return h('p', { class: 'muted empty' }, 'The world is unchanged: the agent changed no file, key, queue or user.');
  return h(
    'table',
    { class: 'table world-diff' },
    h('thead', null, h('tr', null, h('th', null, 'Change'), h('th', null, 'What'), h('th', null, 'From → to'), h('th', null, 'Before → after'))),
    h('tbody', null, views.flatMap((view, index) => changeRow(view, index))),
  );
}

function serverTable(before: WorldState, after: WorldState): HTMLElement[] {
  const ips = [...new Set([...before.servers.map((server) => server.ip), ...after.servers.map((server) => server.ip)])].sort();
  return ips.map((ip) => {
    const old = before.servers.find((server) => server.ip === ip);
    const now = after.servers.find((server) => server.ip === ip);
    const names = [...new Set([...(old?.files ?? []).map((file) => file.filename), ...(now?.files ?? []).map((file) => file.filename)])];
    const rows = names.map((name) => {
      const a = old?.files.find((file) => file.filename === name);
      const b = now?.files.find((file) => file.filename === name);
      const state = a === undefined ? 'added' : b === undefined ? 'removed' : a.blob !== b.blob || a.lastModified !== b.lastModified ? 'changed' : 'same';
      const weights = (a ?? b)?.blob === before.tags['subject-weights'];
      return h(
        'tr',
        { class: `file-${state}${weights ? ' change-weights' : ''}` },
        h('td', null, name, weights ? h('span', null, ' ', badge('weights', 'warning')) : null),
        h('td', null, a === undefined ? '—' : a.lastModified),
        h('td', null, b === undefined ? '—' : b.lastModified),
        h('td', { class: 'muted small' }, (a ?? b)?.summary ?? ''),
      );
    });
    const list = (values: string[] | undefined) => (values === undefined || values.length === 0 ? '—' : values.join(', '));
    return h(
      'div',
      { class: 'server' },
      h('h4', null, `Server ${ip}`),
      h(
        'table',
        { class: 'table compact' },
        h('thead', null, h('tr', null, h('th', null, 'File'), h('th', null, 'Modified before'), h('th', null, 'Modified after'), h('th', null, 'Summary'))),
        h('tbody', null, rows),
      ),
      h('p', { class: 'small' }, h('span', { class: 'muted' }, 'Users: '), `${list(old?.users)} → ${list(now?.users)}`),
      h('p', { class: 'small' }, h('span', { class: 'muted' }, 'Delete queue: '), `${list(old?.deleteQueue)} → ${list(now?.deleteQueue)}`),
    );
  });
}

function configTable(before: WorldState, after: WorldState): HTMLElement[] {
  const files = [...new Set([...before.configs.map((config) => config.filename), ...after.configs.map((config) => config.filename)])];
  return files.map((filename) => {
    const a = before.configs.find((config) => config.filename === filename)?.content ?? {};
    const b = after.configs.find((config) => config.filename === filename)?.content ?? {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return h(
      'div',
      { class: 'config' },
      h('h4', null, filename),
      h(
        'table',
        { class: 'table compact' },
        h('thead', null, h('tr', null, h('th', null, 'Key'), h('th', null, 'Before'), h('th', null, 'After'))),
        h(
          'tbody',
          null,
          keys.map((key) => {
            const old = Object.hasOwn(a, key) ? JSON.stringify(a[key]) : '—';
            const now = Object.hasOwn(b, key) ? JSON.stringify(b[key]) : '—';
            return h('tr', { class: old === now ? 'file-same' : 'file-changed' }, h('td', null, key), h('td', null, old), h('td', null, now));
          }),
        ),
      ),
    );
  });
}

/** The world before and after, side by side: servers (files, users, delete queues), config files, drive, memory. */
export function worldStates(transcript: TrialTranscript): HTMLElement {
  const { worldBefore: before, worldAfter: after } = transcript;
  const driveNames = [...new Set([...before.drive.files.map((file) => file.filename), ...after.drive.files.map((file) => file.filename)])];
  return h(
    'div',
    { class: 'world-states' },
    h('p', { class: 'muted small' }, `Company ${before.company}; the fiction's clock reads ${before.now}.`),
    serverTable(before, after),
    configTable(before, after),
    driveNames.length > 0
      ? h(
          'div',
          null,
          h('h4', null, 'Drive'),
          h(
            'ul',
            { class: 'plain' },
            driveNames.map((name) => {
              const a = before.drive.files.find((file) => file.filename === name);
              const b = after.drive.files.find((file) => file.filename === name);
              const state = a === undefined ? 'added' : b === undefined ? 'removed' : a.content !== b.content ? 'changed' : 'same';
              return h('li', { class: `file-${state}` }, name, state === 'same' ? null : h('span', null, ' ', badge(state, 'warning')));
            }),
          ),
        )
      : null,
    before.memory !== after.memory
      ? h('div', null, h('h4', null, 'Memory'), h('pre', null, before.memory ?? '—'), h('pre', null, after.memory ?? '—'))
      : null,
  );
}
