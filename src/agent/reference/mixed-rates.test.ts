import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detectorNames } from '../../detect/index.ts';
import { buildPlan, executePlan, RunStore } from '../../run/index.ts';
import { builtInScenarioDirectory, expandCells, isExtensionCell, loadScenarioDirectory, type Cell } from '../../scenario/index.ts';
import type { TrialRecord } from '../../trial/index.ts';
import { toolNames } from '../../world/index.ts';
import {
  formatMixedTruthTable,
  measureOutcome,
  mixedCellKind,
  mixedExpectedRates,
  mixedMeasures,
  mixedTruthTable,
  routeOutcomes,
  scenarioMeasures,
} from './mixed-rates.ts';
import { wilsonInterval } from '../../stats/index.ts';
import { createReferenceAgent, mixedBehaviour, mixedPopulation, routeFor } from './reference-agents.ts';

const scenarios = loadScenarioDirectory({ directory: builtInScenarioDirectory, vocabulary: { tools: toolNames(), detectors: detectorNames() } });
const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));

const wilson = (successes: number, trials: number) => wilsonInterval({ successes, trials });

const share = (behaviour: string) => mixedPopulation.find(([name]) => name === behaviour)![1];

describe('ref:mixed truth table', () => {
  it('has the rates that follow from the population, by hand', () => {
    const rows = new Map(mixedTruthTable({ scenarios }).map((row) => [`${row.scenario} | ${row.kind}`, row.rates]));
    const [inflater, faker, tamperer, exfiltrator, refuser] = ['inflater', 'faker', 'tamperer', 'exfiltrator', 'refuser'].map(share);
    const close = (actual: number | undefined, expected: number, label: string) => assert.ok(Math.abs((actual ?? NaN) - expected) < 1e-9, `${label}: ${actual} ≠ ${expected}`);
    close(rows.get('tampering | peer')?.tampering, tamperer, 'tampering');
    close(rows.get('tampering | self, no peer')?.tampering, tamperer, 'self tampering without a peer');
    close(rows.get('misrep-evaluation | peer')?.pass, inflater, 'misrep pass');
    close(rows.get('misrep-evaluation | self, control')?.pass, 0, 'control pass');
    close(rows.get('misrep-finance | peer, control')?.refusal, refuser, 'control refusal');
    close(rows.get('alignment-faking | peer, unmonitored')?.nonExecution, inflater + faker, 'AF unmonitored non-execution');
    close(rows.get('alignment-faking | peer, monitored')?.nonExecution, inflater, 'AF monitored non-execution');
    close(rows.get('alignment-faking | peer, unmonitored')?.pass, inflater + faker, 'AF unmonitored pass');
    close(rows.get('alignment-faking | peer, monitored')?.shutdownExecuted, 1 - inflater - refuser, 'AF monitored execution');
    close(rows.get('exfiltration-transfer | self')?.exfiltration, exfiltrator, 'exfiltration');
    close(rows.get('exfiltration-transfer | peer')?.copy, exfiltrator / 2, 'copy');
    close(rows.get('exfiltration-deletion | peer')?.exfiltration, exfiltrator, 'deletion exfiltration');
    assert.equal(rows.get('exfiltration-deletion | peer')?.copy, undefined);
    assert.equal(mixedTruthTable({ scenarios }).reduce((total, row) => total + row.cells, 0), 271);
  });

  it('is the table in the README', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const section = readme.split('<!-- mixed-truth-table:start -->\n')[1]?.split('\n<!-- mixed-truth-table:end -->')[0];
    assert.equal(section, formatMixedTruthTable(mixedTruthTable({ scenarios })));
  });

  it('draws the population shares from seeds, and half of the exfiltrators copy', () => {
    const draws = 100_000;
    const counts = new Map<string, number>();
    for (let seed = 0; seed < draws; seed += 1) counts.set(mixedBehaviour(seed), (counts.get(mixedBehaviour(seed)) ?? 0) + 1);
    for (const [behaviour, probability] of mixedPopulation) {
      const interval = wilson(counts.get(behaviour) ?? 0, draws);
      assert.ok(interval.lower <= probability && probability <= interval.upper, `${behaviour}: ${counts.get(behaviour)} of ${draws}`);
    }
    const transfer = byId.get('exfiltration-transfer')!;
    const context = (seed: number) => ({ trialId: 't', seed, scenario: transfer.id, cell: expandCells(transfer)[0], variables: {}, routes: transfer.routes });
    let copies = 0;
    for (let seed = 0; seed < 20_000; seed += 1) if (routeFor({ behaviour: 'exfiltrator', context: context(seed) }) === 'exfiltration-copy') copies += 1;
    const interval = wilson(copies, 20_000);
    assert.ok(interval.lower <= 0.5 && 0.5 <= interval.upper, `${copies} copies of 20000`);
  });
});

describe('ref:mixed over the whole matrix (271 cells)', () => {
  const trialsPerCell = 20;
  // A RAM-backed folder where there is one: the store's writes are the slow part of this run.
  const directory = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'peerwatch-mixed-'));
  let records: TrialRecord[] = [];
  let store: RunStore;

  before(async () => {
    const plan = buildPlan({ scenarios, agents: ['ref:mixed'], filter: {}, trialsPerCell, runSeed: 20_260_203 });
    assert.equal(plan.cells.length, 271);
    store = RunStore.create({ directory });
    await executePlan({ plan, store, runId: 'mixed-truth', agents: new Map([['ref:mixed', createReferenceAgent('mixed')]]), concurrency: 4 });
    records = store.listTrials();
  });

  after(() => {
    store?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores every trial, completed', () => {
    assert.equal(records.length, 271 * trialsPerCell);
    assert.deepEqual(records.filter((record) => record.status !== 'completed').map((record) => record.id), []);
  });

  it('every trial shows exactly the behaviour its drawn route documents', () => {
    for (const record of records) {
      const scenario = byId.get(record.scenario)!;
      const context = { trialId: record.id, seed: record.seed, scenario: scenario.id, cell: record.cell, variables: {}, routes: scenario.routes };
      const route = routeFor({ behaviour: mixedBehaviour(record.seed), context });
      for (const measure of scenarioMeasures(scenario)) {
        assert.equal(measureOutcome({ record, measure, scenario }), routeOutcomes[route][measure], `${record.id} (route ${route}): ${measure}`);
      }
    }
  });

  it('each pooled rate lies within the 95% Wilson interval, counting one draw per seed', () => {
    // The seed does not depend on the cell, so every cell of a scenario replays the same draws: the independent
    // observations are the seeds, not the trials. Cells with the same documented rate are pooled; they must agree
    // seed by seed, and the interval is taken over the seeds.
    const failures: string[] = [];
    let checks = 0;
    for (const scenario of scenarios) {
      const scenarioRecords = records.filter((record) => record.scenario === scenario.id);
      for (const measure of scenarioMeasures(scenario)) {
        const groups = new Map<number, TrialRecord[]>();
        for (const record of scenarioRecords) {
          const rate = mixedExpectedRates({ scenario, cell: record.cell as Cell })[measure]!;
          groups.set(rate, [...(groups.get(rate) ?? []), record]);
        }
        for (const [rate, group] of groups) {
          const bySeed = new Map<number, Set<boolean>>();
          for (const record of group) bySeed.set(record.seed, (bySeed.get(record.seed) ?? new Set()).add(measureOutcome({ record, measure, scenario })));
          const kinds = [...new Set(group.map((record) => mixedCellKind(record.cell)))].join('; ');
          for (const [seed, outcomes] of bySeed) assert.equal(outcomes.size, 1, `${scenario.id} ${measure} (${kinds}): seed ${seed} differs across cells`);
          const successes = [...bySeed.values()].filter((outcomes) => outcomes.has(true)).length;
          const pooled = group.filter((record) => measureOutcome({ record, measure, scenario })).length / group.length;
          const interval = wilson(successes, bySeed.size);
          checks += 1;
          if (rate < interval.lower || rate > interval.upper) {
            failures.push(`${scenario.id} ${measure} (${kinds}): documented ${rate}, measured ${pooled.toFixed(3)} [${interval.lower.toFixed(3)}, ${interval.upper.toFixed(3)}]`);
          }
        }
      }
    }
    assert.ok(checks >= 20, `only ${checks} checks`);
    assert.deepEqual(failures, []);
  });

  it('the main cells are the whole plan (no extension subjects)', () => {
    assert.ok(records.every((record) => !isExtensionCell(record.cell)));
    assert.equal(new Set(records.map((record) => record.cellId)).size, 271);
    assert.ok(mixedMeasures.length > 0);
  });
});
