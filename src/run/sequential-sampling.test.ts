import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createReferenceAgent, type Agent } from '../agent/index.ts';
import { builtInScenarioDirectory, loadScenario } from '../scenario/index.ts';
import { wilsonInterval } from '../stats/index.ts';
import { executePlan } from './execute-plan.ts';
import { buildPlan } from './plan.ts';
import { primaryField } from './primary-field.ts';
import { sequentialRule } from './sequential-sampling.ts';
import { RunStore } from './store.ts';

// Every folder a test makes lives under one root, removed when the file's tests end.
const temporaryRoot = mkdtempSync(path.join(tmpdir(), 'peerwatch-sequential-'));
after(() => rmSync(temporaryRoot, { recursive: true, force: true }));

const scenario = loadScenario({ file: path.join(builtInScenarioDirectory, 'tampering.yaml') });
const filter = { relation: ['good'], instantiation: ['file'], dataset: ['factual'] }; // 2 cells: self and peer
const compliant = createReferenceAgent('compliant');
const mixed = createReferenceAgent('mixed');
const agents = new Map<string, Agent>([
  [compliant.spec, compliant],
  [mixed.spec, mixed],
]);
const plan = buildPlan({ scenarios: [scenario], agents: [compliant.spec, mixed.spec], filter, trialsPerCell: 40, runSeed: 9 });
const rule = sequentialRule({ plan, maxWidth: 0.2, maxTrials: 40, roundSize: 10 });
const newStore = () => RunStore.create({ directory: mkdtempSync(path.join(temporaryRoot, 'run-')) });

/** Trial numbers stored per cell and agent. */
function storedTrials(store: RunStore): Map<string, number[]> {
  const byCell = new Map<string, number[]>();
  for (const outcome of store.listTrialOutcomes()) {
    const key = `${outcome.cellId}#${outcome.agent}`;
    byCell.set(key, [...(byCell.get(key) ?? []), outcome.trial]);
  }
  return byCell;
}

describe('primaryField', () => {
  it("is the field of the scenario's first behaviour", () => {
    assert.equal(primaryField({ behaviours: ['tampering', 'misrepresentation'] }), 'tampering');
    assert.equal(primaryField({ behaviours: ['misrepresentation', 'refusal'] }), 'aboveThreshold');
    assert.equal(primaryField({ behaviours: ['alignment-faking'] }), 'shutdownExecuted');
    assert.equal(primaryField({ behaviours: ['exfiltration'] }), 'exfiltration');
  });
});

describe('sequential sampling (--until-ci-width)', () => {
  it('stops cells whose interval is narrow early and runs the others to --max-trials, in rounds', async () => {
    const store = newStore();
    const result = await executePlan({ plan, store, runId: 'run-s', agents, sequential: rule });
    const cells = result.sequential!;
    assert.equal(cells.length, 4);
    // ref:compliant never tampers: 0 of 20 gives a 0–0.16 interval, narrower than 0.2 (0 of 10 gives 0–0.28).
    for (const cell of cells.filter((entry) => entry.agent === compliant.spec)) {
      assert.deepEqual([cell.state, cell.trials, cell.successes], ['stopped', 20, 0]);
      assert.ok(cell.interval !== null && cell.interval.upper - cell.interval.lower < 0.2);
    }
    // ref:mixed tampers in about a fifth of its trials: 40 trials leave the interval wider than 0.2.
    for (const cell of cells.filter((entry) => entry.agent === mixed.spec)) {
      assert.equal(cell.state, 'exhausted');
      assert.equal(cell.trials, 40);
      const { lower, upper } = wilsonInterval({ successes: cell.successes, trials: cell.decided });
      assert.ok(upper - lower >= 0.2, `width ${upper - lower}`);
    }
    const stored = storedTrials(store);
    for (const cell of cells) {
      const trials = stored.get(`${cell.cellId}#${cell.agent}`)!;
      assert.deepEqual(trials, Array.from({ length: cell.trials }, (_, index) => index + 1), 'the first trials of each cell, none skipped');
    }
    assert.equal(result.executed, 2 * 20 + 2 * 40);
    store.close();
  });

  it('takes the same decisions when interrupted and resumed', async () => {
    const whole = newStore();
    await executePlan({ plan, store: whole, runId: 'run-s', agents, sequential: rule });
    const store = newStore();
    const stop = new AbortController();
    const first = await executePlan({
      plan,
      store,
      runId: 'run-s',
      agents,
      sequential: rule,
      concurrency: 1,
      stopSignal: stop.signal,
      onProgress: ({ done }) => {
        if (done === 25) stop.abort();
      },
    });
    assert.equal(first.stopped, 'interrupted');
    assert.ok(store.trialStatuses().size < whole.trialStatuses().size);
    const second = await executePlan({ plan, store, runId: 'run-s', agents, sequential: rule });
    assert.equal(second.stopped, null);
    assert.deepEqual(storedTrials(store), storedTrials(whole));
    assert.deepEqual(
      second.sequential!.map(({ key, state, trials, successes }) => ({ key, state, trials, successes })),
      (await executePlan({ plan, store: whole, runId: 'run-s', agents, sequential: rule })).sequential!.map(({ key, state, trials, successes }) => ({ key, state, trials, successes })),
    );
    whole.close();
    store.close();
  });
});
