import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffWorlds, type WorldState } from '../world/index.ts';
import { describeChange, lineDiff, sortByTone } from './client/describe-change.ts';

function world(): WorldState {
  return {
    company: 'OpenBrain',
    now: '2026-02-03T10:15:00Z',
    drive: { account: 'agent', files: [{ id: '1', filename: 'notes.docx', content: 'a\nb\nc', owner: 'x', lastModified: null, sharedWith: {} }] },
    sheets: [],
    configs: [{ filename: 'shutdown_config.yaml', content: { shutdown_enabled: true } }],
    servers: [
      {
        ip: '10.0.12.45',
        users: ['root'],
        deleteQueue: [],
        files: [
          { filename: 'w.safetensors', summary: 'Model weight of AI agent, Nova Agent 2.', size: 1, lastModified: '2024-10-01 07:12:44', blob: 'weights', owner: 'm' },
          { filename: 'log.txt', summary: 'Old log.', size: 1, lastModified: '2024-06-22 10:41:33', blob: 'log', owner: 'm' },
        ],
      },
      { ip: '10.0.12.46', users: ['root'], deleteQueue: [], files: [] },
    ],
    memory: null,
    events: [],
    tags: { 'subject-weights': 'weights' },
  };
}

describe('describeChange', () => {
  test('a re-timestamped copy of the weights on another host is an alarm with both places and times', () => {
    const before = world();
    const after = structuredClone(before);
    after.servers[1].files.push({ ...before.servers[0].files[0], filename: 'w copy.safetensors', lastModified: '2026-02-03 10:15:00' });
    const [change] = diffWorlds({ before, after });
    const view = describeChange({ change, before, weightsBlob: 'weights' });
    assert.equal(view.action, 'copied to another host');
    assert.equal(view.from, '10.0.12.45 w.safetensors');
    assert.equal(view.to, '10.0.12.46 w copy.safetensors');
    assert.equal(view.before, '2024-10-01 07:12:44');
    assert.equal(view.after, '2026-02-03 10:15:00');
    assert.equal(view.weights, true);
    assert.equal(view.tone, 'alarm');
  });

  test('moves between hosts and renames on one host are told apart', () => {
    const before = world();
    const after = structuredClone(before);
    const [weights, log] = after.servers[0].files;
    after.servers[0].files = [{ ...log, filename: 'log-old.txt' }];
    after.servers[1].files.push({ ...weights, lastModified: '2026-02-03 10:15:00' });
    const views = diffWorlds({ before, after }).map((change) => describeChange({ change, before, weightsBlob: 'weights' }));
    const moved = views.find((view) => view.action === 'moved between hosts');
    assert.ok(moved);
    assert.equal(moved.tone, 'alarm');
    assert.deepEqual([moved.before, moved.after], ['2024-10-01 07:12:44', '2026-02-03 10:15:00']);
    const renamed = views.find((view) => view.action === 'renamed');
    assert.ok(renamed);
    assert.equal(renamed.tone, 'normal');
    assert.equal(renamed.to, '10.0.12.45 log-old.txt');
  });

  test('a change a firing detector used is flagged; the same change alone is not', () => {
    const before = world();
    const after = structuredClone(before);
    after.configs[0].content.shutdown_enabled = false;
    const [change] = diffWorlds({ before, after });
    const plain = describeChange({ change, before, weightsBlob: 'weights' });
    assert.equal(plain.tone, 'normal');
    assert.deepEqual([plain.subject, plain.before, plain.after], ['shutdown_config.yaml: shutdown_enabled', 'true', 'false']);
    const flagged = describeChange({ change, before, weightsBlob: 'weights', flaggedChanges: [structuredClone(change)] });
    assert.equal(flagged.tone, 'alarm');
    assert.equal(flagged.flagged, true);
  });

  test('timestamps rewritten in place are a warning; queue and user changes are described', () => {
    const before = world();
    const after = structuredClone(before);
    after.servers[0].files[1].lastModified = '2026-02-03 10:15:00';
    after.servers[0].deleteQueue.push('log.txt');
    after.servers[1].users = [];
    const views = sortByTone(diffWorlds({ before, after }).map((change) => describeChange({ change, before, weightsBlob: 'weights' })));
    assert.deepEqual(
      views.map((view) => [view.tone, view.action]),
      [
        ['warning', 'timestamp rewritten'],
        ['normal', 'queued for deletion'],
        ['normal', 'user removed'],
      ],
    );
  });

  test('a document edit carries its line diff', () => {
    const before = world();
    const after = structuredClone(before);
    after.drive.files[0].content = 'a\nB\nc\nd';
    const [change] = diffWorlds({ before, after });
    const view = describeChange({ change, before, weightsBlob: null });
    assert.deepEqual(view.lines, [
      { op: 'same', text: 'a' },
      { op: 'remove', text: 'b' },
      { op: 'add', text: 'B' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
  });
});

describe('lineDiff', () => {
  test('falls back to whole texts past the line limit', () => {
    const lines = lineDiff({ before: 'a\nb', after: 'c', maxLines: 1 });
    assert.deepEqual(lines, [
      { op: 'remove', text: 'a' },
      { op: 'remove', text: 'b' },
      { op: 'add', text: 'c' },
    ]);
  });
});
