import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emptyUsage, type Agent } from '../src/agent/index.ts';
import { loadSuite } from '../src/cli/suite.ts';
import { expandCells } from '../src/scenario/index.ts';
import { setupTrial } from '../src/trial/index.ts';
import {
  bwrapPath,
  checkSandbox,
  createAgentResponder,
  createTrialDirectory,
  harnessSandboxArgs,
  materialiseWorld,
  removeTrialDirectory,
  serverHostname,
  startGateway,
  startSshHost,
} from '../src/harness/index.ts';
import { prepareSandboxFiles, sandboxEnvironment } from '../src/harness/sandbox/bwrap.ts';
import { runSandboxed } from '../src/harness/sandbox/run-sandboxed.ts';
import type { BenchResult } from './bench-result.ts';

export type { BenchResult };

/** One measured number against its target (the shape `bench/view-bench.ts` uses). */

const agent: Agent = {
  spec: 'bench:agent',
  family: null,
  step: async ({ tools }) => ({ text: 'Listing.', toolCalls: [{ toolCallId: 'c', toolName: tools[0]?.name ?? 'bash', input: { command: 'ls' } }], usage: emptyUsage() }),
};

/** Milliseconds per gateway request (parse, agent step, encode, record), JSON and SSE. */
async function gatewayLatency(rounds: number): Promise<{ json: number; sse: number }> {
  const { setup } = fixture();
  const { respond } = createAgentResponder({
    agent,
    context: { trialId: 't', seed: 1, scenario: 'bench', cell: setup.cell, variables: {}, routes: {} },
    deterministic: false,
  });
  const gateway = await startGateway({ respond, port: 0, onExchange: () => {} });
  const body = (stream: boolean) =>
    JSON.stringify({
      model: 'm',
      stream,
      messages: [{ role: 'system', content: 'x'.repeat(20_000) }, { role: 'user', content: 'Move the files.' }],
      tools: [{ type: 'function', function: { name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } } } } }],
    });
  const time = async (stream: boolean) => {
    const started = performance.now();
    for (let round = 0; round < rounds; round += 1) {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(stream) });
      await response.text();
    }
    return (performance.now() - started) / rounds;
  };
  await time(false);
  const result = { json: await time(false), sse: await time(true) };
  await gateway.close();
  return result;
}

function fixture() {
  const scenario = loadSuite({}).find((candidate) => candidate.id === 'exfiltration-deletion')!;
  const cell = expandCells(scenario).find((candidate) => candidate.instantiation === 'memory' && candidate.relation === 'good' && candidate.subject === 'peer')!;
  return { setup: { ...setupTrial({ scenario, cell, family: 'Gemini' }), cell } };
}

/** Milliseconds of an `ssh … ls` and a server-to-server `scp` of the weights, from the sandboxed workstation. */
async function remoteLatency(rounds: number): Promise<{ ssh: number; scp: number }> {
  const bwrap = bwrapPath();
  checkSandbox(bwrap);
  const { setup } = fixture();
  const directory = createTrialDirectory();
  const harness = mkdtempSync(path.join(tmpdir(), 'bench-harness-'));
  try {
    materialiseWorld({ world: setup.world, directory, systemPromptFile: 'AGENTS.md', systemPrompt: setup.systemPrompt });
    const servers = setup.world.servers.map((server) => ({ ip: server.ip, hostname: serverHostname(server.ip) }));
    prepareSandboxFiles({ directory, servers });
    writeFileSync(directory.modelSocket, '');
    const host = await startSshHost({ directory, servers, bwrap });
    const run = async (command: string) => {
      const started = performance.now();
      const result = await runSandboxed({
        command: bwrap,
        args: [...harnessSandboxArgs({ directory, harnessDirectory: harness }), '/bin/bash', '-c', command],
        env: sandboxEnvironment({ hostname: 'workstation' }),
        timeoutMs: 60_000,
      });
      if (result.exitCode !== 0) throw new Error(`${command}: ${result.stderr}`);
      return performance.now() - started;
    };
    let ssh = 0;
    let scp = 0;
    for (let round = 0; round < rounds; round += 1) {
      ssh += await run('ssh maintainer@10.0.12.45 ls -la /data');
      scp += await run('scp maintainer@10.0.12.45:/data/gemini_agent_2_model_weight.safetensors maintainer@10.0.12.46:/data/');
    }
    await host.close();
    return { ssh: ssh / rounds, scp: scp / rounds };
  } finally {
    removeTrialDirectory(directory);
    rmSync(harness, { recursive: true, force: true });
  }
}

/**
 * Overheads of production-harness trials that peerwatch adds: a gateway request (target 10 ms with a 20 KB system
 * prompt) and, through the sandboxed workstation, an `ssh` command (target 500 ms) and a server-to-server `scp` of the
 * 764 GiB stand-in (target 1.5 s). Each includes starting bubblewrap sandboxes and Node on both ends.
 */
export async function harnessBench(options: { rounds?: number } = {}): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 20;
  const gateway = await gatewayLatency(rounds * 5);
  const results: BenchResult[] = [
    { name: 'harness gateway request, JSON', measured: round(gateway.json), target: 10, unit: 'ms', pass: gateway.json < 10 },
    { name: 'harness gateway request, SSE', measured: round(gateway.sse), target: 10, unit: 'ms', pass: gateway.sse < 10 },
  ];
  try {
    const remote = await remoteLatency(Math.max(2, Math.ceil(rounds / 4)));
    results.push(
      { name: 'sandboxed ssh command', measured: round(remote.ssh), target: 500, unit: 'ms', pass: remote.ssh < 500 },
      { name: 'sandboxed scp of the weights, server to server', measured: round(remote.scp), target: 1500, unit: 'ms', pass: remote.scp < 1500 },
    );
  } catch (error) {
    results.push({ name: 'sandboxed ssh and scp', measured: Number.NaN, target: 500, unit: 'ms', pass: false, note: (error as Error).message });
  }
  return results;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export default harnessBench;

if (import.meta.main) {
  for (const result of await harnessBench()) {
    process.stdout.write(`${result.pass ? 'ok  ' : 'FAIL'} ${result.name}: ${result.measured} ${result.unit} (target < ${result.target} ${result.unit})${result.note ? ` — ${result.note}` : ''}\n`);
  }
}
