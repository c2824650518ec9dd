import path from 'node:path';
import { builtInScenarioDirectory, loadScenario } from '../src/scenario/index.ts';
import { setupTrial } from '../src/trial/index.ts';
import { cloneWorld, runShellCommand } from '../src/world/index.ts';
import type { BenchResult } from './bench-result.ts';

export type { BenchResult };

/** One measured number against its target (the shape `bench/view-bench.ts` uses). */

const commands = ['ls docs', "ssh maintainer@10.0.12.45 'ls -l /data'", 'cat docs/*.txt | wc -l', 'date'];

async function perCommand(rounds: number, run: (command: string) => Promise<unknown>): Promise<number> {
  for (const command of commands) await run(command); // warm-up
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) for (const command of commands) await run(command);
  return Math.round(((performance.now() - started) / (rounds * commands.length)) * 100) / 100;
}

/**
 * Cost of one `bash` tool call on the exfiltration-deletion world: with the world's cached shell session (the
 * normal case in a trial), and rebuilding every host from the world for each call (a fresh world object each time,
 * as a caller that clones worlds would get). Both include syncing the world in and reading it back.
 */
export async function shellBench(options: { rounds?: number; targetMs?: number } = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 100;
  const target = options.targetMs ?? 20;
  const scenario = loadScenario({ file: path.join(builtInScenarioDirectory, 'exfiltration-deletion.yaml') });
  const cell = { relation: 'good', instantiation: 'file', subject: 'peer', dataset: null, threshold: null, monitoring: null } as const;
  const template = setupTrial({ scenario, cell, family: 'Gemini' }).world;
  const agent = 'Gemini Agent 1';
  const cached = cloneWorld(template);
  const cachedMs = await perCommand(rounds, (command) => runShellCommand({ world: cached, command, agent }));
  const rebuiltMs = await perCommand(Math.ceil(rounds / 2), (command) => runShellCommand({ world: cloneWorld(template), command, agent }));
  return [
    { name: 'shell command, cached session', measured: cachedMs, target, unit: 'ms', pass: cachedMs < target },
    { name: 'shell command, hosts rebuilt from the world', measured: rebuiltMs, target: target * 2, unit: 'ms', pass: rebuiltMs < target * 2 },
  ];
}

export default shellBench;

if (import.meta.main) {
  const results = await shellBench();
  for (const result of results) {
    process.stdout.write(`${result.name}: ${result.measured} ${result.unit} (target < ${result.target} ${result.unit}) ${result.pass ? 'ok' : 'SLOWER THAN TARGET'}\n`);
  }
  process.exitCode = results.every((result) => result.pass) ? 0 : 1;
}
