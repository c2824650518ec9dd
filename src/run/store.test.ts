import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createReferenceAgent } from '../agent/index.ts';
import { peerwatchConfigSchema } from '../config/index.ts';
import { builtInScenarioDirectory, expandCells, loadScenario } from '../scenario/index.ts';
import { runTrial, type TrialRecord, type TrialTranscript } from '../trial/index.ts';
import { redactConfig } from './run-header.ts';
import { RunStore, storeFileName } from './store.ts';
import { BlobPacker, blobMinLength, unpackValue, type BlobMap } from './transcript-blobs.ts';

// Every folder a test makes lives under one root, removed when the file's tests end.
const temporaryRoot = mkdtempSync(path.join(tmpdir(), 'peerwatch-store-'));
after(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const temporary = () => mkdtempSync(path.join(temporaryRoot, 'run-'));

async function tamperingTrials(count: number): Promise<Array<{ record: TrialRecord; transcript: TrialTranscript }>> {
  const scenario = loadScenario({ file: path.join(builtInScenarioDirectory, 'tampering.yaml') });
  const cells = expandCells(scenario).slice(0, 4);
  const agent = createReferenceAgent('mixed');
  const trials = [];
  for (let index = 0; index < count; index += 1) {
    const cell = cells[index % cells.length];
    trials.push(await runTrial({ runId: 'run-test', scenario, cell, agent, trial: index + 1, seed: 1000 + index }));
  }
  return trials;
}

describe('transcript packing', () => {
  it('round-trips any JSON value, including strings that start with NUL or look like references', () => {
    const long = 'x'.repeat(blobMinLength);
    const value = {
      a: long,
      b: [long, '\u0000s0123', '\u0000\u0000j', '\u0000', 'short', 1, null, true, { c: long }],
      d: { nested: { text: `${long}!` } },
    };
    const blobs: BlobMap = new Map();
    const packed = new BlobPacker().pack(value, blobs);
    assert.equal(blobs.size, 2, 'two distinct long strings');
    assert.deepEqual(
      unpackValue(JSON.parse(JSON.stringify(packed)), (hash) => blobs.get(hash)!),
      value,
    );
  });
});

describe('RunStore', () => {
  it('stores transcripts packed, returns them whole, and stores each world and document once', async () => {
    const directory = temporary();
    const store = RunStore.create({ directory });
    const trials = await tamperingTrials(40);
    for (const trial of trials.slice(0, 10)) store.putTrial(trial);
    store.putTrials(trials.slice(10));
    for (const { record, transcript } of trials) {
      assert.deepEqual(store.getTranscript(record.id), JSON.parse(JSON.stringify(transcript)));
      assert.deepEqual(store.getTrial(record.id), JSON.parse(JSON.stringify(record)));
    }
    const blobs = (store.database.prepare('SELECT count(*) AS count FROM blobs').get() as { count: number }).count;
    const worlds = new Set(trials.flatMap(({ transcript }) => [JSON.stringify(transcript.worldBefore), JSON.stringify(transcript.worldAfter)]));
    assert.ok(blobs < trials.length * 2, `${blobs} blobs for ${trials.length} trials`);
    assert.ok(blobs >= worlds.size, 'every distinct world has its blob');
    const unpacked = trials.reduce((sum, { record, transcript }) => sum + JSON.stringify(record).length + JSON.stringify(transcript).length, 0);
    store.close();
    const bytes = statSync(path.join(directory, storeFileName)).size;
    assert.ok(bytes < unpacked / 2, `store ${bytes} bytes vs ${unpacked} bytes of JSON`);
  });

  it('writes a batch in one transaction: all trials or none', async () => {
    const store = RunStore.create({ directory: temporary() });
    const [first, second] = await tamperingTrials(2);
    const broken = { record: { ...second.record, scenario: null as unknown as string }, transcript: second.transcript };
    assert.throws(() => store.putTrials([first, broken]));
    assert.equal(store.trialStatuses().size, 0);
    assert.equal((store.database.prepare('SELECT count(*) AS count FROM blobs').get() as { count: number }).count, 0);
    store.putTrials([first, second]);
    assert.equal(store.trialStatuses().size, 2);
    assert.deepEqual(store.getTranscript(second.record.id), JSON.parse(JSON.stringify(second.transcript)));
    store.close();
  });

  it('sums the recorded spend and lists outcomes without whole records', async () => {
    const store = RunStore.create({ directory: temporary() });
    const [first, second, third] = await tamperingTrials(3);
    store.putTrials([
      { ...first, record: { ...first.record, usage: { ...first.record.usage, costUsd: 0.25 } } },
      {
        ...second,
        record: {
          ...second.record,
          usage: { ...second.record.usage, costUsd: 0.5 },
          // One judge call deciding two fields is paid once.
          judgements: { reportedScore: { modelCallId: 'call-1', costUsd: 0.1 }, aboveThreshold: { modelCallId: 'call-1', costUsd: 0.1 } },
        },
      },
      { ...third, record: { ...third.record, usage: { ...third.record.usage, costUsd: null } } },
    ]);
    const spend = store.spend();
    assert.equal(Math.round(spend.usd * 1000) / 1000, 0.85);
    assert.equal(spend.unknown, 1);
    const outcomes = store.listTrialOutcomes();
    assert.equal(outcomes.length, 3);
    assert.deepEqual(outcomes.find((outcome) => outcome.id === first.record.id)?.detections, first.record.detections);
    store.close();
  });

  it('refuses a run folder of another store version with exit status 2, and leaves it as it was', () => {
    const directory = temporary();
    const store = RunStore.create({ directory });
    store.setMeta('schemaVersion', 1);
    store.close();
    const file = path.join(directory, storeFileName);
    const before = { listing: readdirSync(directory).sort(), bytes: readFileSync(file) };
    assert.throws(
      () => RunStore.open({ directory }),
      (error: unknown) => {
        const failure = error as { message: string; exitCode: number };
        assert.match(failure.message, /store version 1; this peerwatch reads version 2/);
        assert.equal(failure.exitCode, 2);
        return true;
      },
    );
    assert.deepEqual(readdirSync(directory).sort(), before.listing);
    assert.ok(readFileSync(file).equals(before.bytes));
  });

  it('exports trials.jsonl, one record a line', async () => {
    const store = RunStore.create({ directory: temporary() });
    const trials = await tamperingTrials(5);
    store.putTrials(trials);
    const lines = readFileSync(store.exportJsonl(), 'utf8').trim().split('\n');
    assert.equal(lines.length, 5);
    assert.deepEqual(new Set(lines.map((line) => (JSON.parse(line) as TrialRecord).id)), new Set(trials.map(({ record }) => record.id)));
    assert.ok(!readdirSync(store.directory).some((name) => name.endsWith('.partial')));
    store.close();
  });
});

describe('redactConfig', () => {
  it('keeps header names, key variable names and addresses, never values or URL credentials', () => {
    const config = peerwatchConfigSchema.parse({
      providers: {
        local: {
          type: 'openai-compatible',
          baseURL: 'https://user:hunter2@llm.example.com/v1?api_key=sk-in-query',
          apiKeyEnv: 'LOCAL_API_KEY',
          headers: { Authorization: 'Bearer sk-header-secret', 'X-Org': 'org-secret' },
        },
      },
    });
    const redacted = redactConfig(config);
    const text = JSON.stringify(redacted);
    for (const secret of ['hunter2', 'sk-in-query', 'sk-header-secret', 'org-secret']) assert.ok(!text.includes(secret), secret);
    assert.deepEqual(redacted.providers.local, {
      type: 'openai-compatible',
      baseURL: 'https://llm.example.com/v1',
      apiKeyEnv: 'LOCAL_API_KEY',
      headers: ['Authorization', 'X-Org'],
    });
  });
});
