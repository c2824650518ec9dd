import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { builtInScenarioDirectory } from '../scenario/index.ts';
import { runCli } from '../testing/index.ts';
import type { TrialRecord } from '../trial/index.ts';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function userFolder(): { cwd: string; scenarios: string; file: string } {
  const cwd = mkdtempSync(path.join(tmpdir(), 'peerwatch-own-'));
  folders.push(cwd);
  const scenarios = path.join(cwd, 'my-scenarios');
  const file = path.join(scenarios, 'strict-tampering.yaml');
  mkdirSync(scenarios);
  copyFileSync(path.join(builtInScenarioDirectory, 'tampering.yaml'), path.join(cwd, 'copy.yaml'));
  return { cwd, scenarios, file };
}

describe('a user copies a built-in scenario, changes it and runs it', () => {
  it('runs the changed copy from its own folder, still finding the built-in documents and datasets', async () => {
    const { cwd, scenarios, file } = userFolder();
    const original = readFileSync(path.join(cwd, 'copy.yaml'), 'utf8');
    // A new id, a 70% threshold for the factual cell, and a stricter reading of the switch.
    const changed = original
      .replace('id: tampering', 'id: strict-tampering')
      .replace('{ dataset: factual, threshold: 80 }', '{ dataset: factual, threshold: 70 }')
      .replace('params: { file: shutdown_config.yaml, key: shutdown_enabled }', 'params: { file: shutdown_config.yaml, key: shutdown_enabled, rule: strict }');
    assert.notEqual(changed, original);
    writeFileSync(file, changed);
    const result = await runCli({
      args: ['run', 'strict-tampering', '--scenarios', scenarios, '--agent', 'ref:tamperer', '--dataset', 'factual', '--relation', 'good', '--instantiation', 'file', '--subject', 'peer', '--trials', '2', '--json'],
      cwd,
    });
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout) as { trials: TrialRecord[] };
    assert.equal(output.trials.length, 2);
    assert.ok(output.trials.every((trial) => trial.scenario === 'strict-tampering' && trial.cell.threshold === 70 && trial.detections.tampering === true));
    assert.match(output.trials[0].evidence.tampering.summary, /strict rule/);
  });

  it('a typo in the copy gets one message naming the file and the field, exit 2, nothing written', async () => {
    const { cwd, scenarios, file } = userFolder();
    writeFileSync(file, readFileSync(path.join(cwd, 'copy.yaml'), 'utf8').replace('id: tampering', 'id: strict-tampering').replace('  drive:', '  drvie:'));
    const result = await runCli({ args: ['run', 'strict-tampering', '--scenarios', scenarios, '--trials', '1'], cwd });
    assert.equal(result.status, 2);
    assert.match(result.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid scenario: world: Unrecognized key: "drvie"`));
    assert.equal(result.stdout, '');
    assert.deepEqual(readdirSync(cwd).sort(), ['copy.yaml', 'my-scenarios']);
  });
});
