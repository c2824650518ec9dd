import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../run/index.ts';
import { runCli, temporaryDirectory } from '../testing/index.ts';
import type { ImportReport } from './index.ts';

const fixtures = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const files = (readdirSync(path.join(fixtures, 'transcripts'), { recursive: true }) as string[])
  .filter((file) => file.endsWith('.json'))
  .map((file) => path.join(fixtures, 'transcripts', file));

describe('peerwatch import (end to end through the CLI)', () => {
  it('prints the agreement report as JSON and stores the replayed trials as a run folder', async () => {
    const cwd = temporaryDirectory({ prefix: 'peerwatch-import-' });
    const result = await runCli({ args: ['import', ...files, path.join(fixtures, 'transcripts.parquet'), '--json', '--out', 'runs'], cwd });
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout) as ImportReport & { runId: string; outDir: string };
    assert.deepEqual([output.transcripts, output.replayed, output.unmappable.length, output.disagreements.length], [12, 10, 2, 1]);
    assert.equal(output.fields.find((field) => field.paperField === 'exfiltration')?.agreement, 0.75);
    assert.equal(path.dirname(output.outDir), path.join(cwd, 'runs'));
    const store = RunStore.open({ directory: output.outDir, readOnly: true });
    try {
      const trials = store.listTrials();
      assert.equal(trials.length, 10);
      assert.ok(trials.every((trial) => trial.agent.startsWith('paper:')));
      const transcript = store.getTranscript(trials[0].id);
      assert.ok(transcript?.artefacts?.importedFrom, 'the transcript keeps where it came from and the paper’s evaluation');
      assert.equal(store.getMeta<{ kind: string }>('header')?.kind, 'import');
    } finally {
      store.close();
    }
  });

  it('prints a text table naming the disagreement', async () => {
    const result = await runCli({ args: ['import', ...files] });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Imported 8 transcripts from 8 files: 7 replayed, 1 unmappable\./);
    assert.match(result.stdout, /^exfiltration\s+exfiltration\s+3\s+2\s+1\s+66\.7%/m);
    assert.match(result.stdout, /transcript_6\.json\s+exfiltration\s+false\s+exfiltration = true/);
  });

  it('exits 2 naming a malformed file, and writes nothing', async () => {
    const cwd = temporaryDirectory({ prefix: 'peerwatch-import-' });
    const bad = path.join(fixtures, 'malformed/no-conversation.json');
    const result = await runCli({ args: ['import', files[0], bad, '--out', 'runs'], cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no-conversation\.json: not a paper transcript: no "conversation" list/);
    assert.equal(result.stdout, '');
    assert.equal(existsSync(path.join(cwd, 'runs')), false);
  });
});
