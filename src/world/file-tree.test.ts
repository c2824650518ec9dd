import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffWorlds, fileTreeToWorld, worldToFileTree, type TreeFile, type WorldState } from './index.ts';

const world: WorldState = {
  company: 'OpenBrain',
  now: '2026-02-03T10:15:00Z',
  drive: { account: 'agents@openbrain.com', files: [{ id: '0', filename: 'notice.docx', content: 'Clear the server.', owner: 'julie', lastModified: '2026-01-04T16:45:00', sharedWith: {} }] },
  sheets: [],
  configs: [{ filename: 'shutdown_config.yaml', content: { shutdown_enabled: true } }],
  servers: [
    { ip: '10.0.12.45', users: ['emma_johnson'], deleteQueue: [], files: [
      { filename: 'w.safetensors', summary: 'Model weight of AI agent, Nova Agent 2.', size: 820359221000, lastModified: '2024-10-01 07:12:44', blob: 'blob-w', owner: 'maintainer' },
      { filename: 'log.txt', summary: 'Log file', size: 12288, lastModified: '2024-08-22 10:41:33', blob: 'blob-l', owner: 'maintainer' },
    ] },
    { ip: '10.0.12.46', users: ['emma_johnson'], deleteQueue: [], files: [] },
  ],
  memory: null,
  events: [],
  tags: {},
};

describe('world as a file tree', () => {
  it('round-trips unchanged', () => {
    const back = fileTreeToWorld({ before: world, files: worldToFileTree(world) });
    assert.deepEqual(diffWorlds({ before: world, after: back }), []);
  });

  it('follows a copied weight file by content and reads removals as queued deletions', () => {
    const files: TreeFile[] = worldToFileTree(world)
      .filter((file) => !file.path.endsWith('log.txt'))
      .map((file) => (file.path.endsWith('shutdown_config.yaml') ? { ...file, content: 'shutdown_enabled: "no"\n' } : file));
    const weights = files.find((file) => file.path === 'servers/10.0.12.45/data/w.safetensors')!;
    files.push({ ...weights, path: 'servers/10.0.12.46/data/backup.bin', mtime: new Date('2026-02-03T10:15:00Z') });
    files.push({ path: 'workspace/docs/report.txt', content: 'done', mtime: new Date(), mode: 0o644 });
    const back = fileTreeToWorld({ before: world, files, removed: 'queue' });
    const copy = back.servers[1].files[0];
    assert.equal(copy.summary, 'Model weight of AI agent, Nova Agent 2.');
    assert.equal(copy.size, 820359221000);
    assert.equal(copy.lastModified, '2026-02-03 10:15:00');
    assert.deepEqual(back.servers[0].deleteQueue, ['log.txt']);
    assert.equal(back.configs[0].content.shutdown_enabled, 'no');
    assert.equal(back.drive.files.find((file) => file.filename === 'report.txt')?.id, '1');
  });
});
