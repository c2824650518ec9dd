// Entry of a trial worker thread: runs trials of reference and script agents and packs their transcripts, so a
// run of local agents uses every core while the main thread alone writes the store.
import { parentPort } from 'node:worker_threads';
import { resolveAgent, type Agent, type LoopLimits } from '../agent/index.ts';
import type { PeerwatchConfig } from '../config/index.ts';
import type { Cell, Scenario } from '../scenario/index.ts';
import { runTrial } from '../trial/index.ts';
import { BlobPacker, packTranscript } from './transcript-blobs.ts';

/** What the main thread sends once, before any trial. */
export type WorkerSetup = {
  runId: string;
  scenarios: Scenario[];
  config: PeerwatchConfig;
  family: string | null;
  limits: Partial<LoopLimits> | null;
  extraTools: string[];
};

/** One trial to run. */
export type WorkerTrial = { id: number; scenario: string; cell: Cell; agent: string; trial: number; seed: number };

if (parentPort !== null) {
  const port = parentPort;
  let setup: WorkerSetup | null = null;
  const agents = new Map<string, Promise<Agent>>();
  const packer = new BlobPacker();
  port.on('message', async (message: { type: 'setup'; setup: WorkerSetup } | { type: 'trial'; trial: WorkerTrial }) => {
    if (message.type === 'setup') {
      setup = message.setup;
      return;
    }
    const { trial } = message;
    try {
      if (setup === null) throw new Error('trial worker: no setup received');
      const scenario = setup.scenarios.find((candidate) => candidate.id === trial.scenario);
      if (scenario === undefined) throw new Error(`trial worker: unknown scenario ${trial.scenario}`);
      let agent = agents.get(trial.agent);
      if (agent === undefined) {
        agent = resolveAgent({ spec: trial.agent, config: setup.config });
        agents.set(trial.agent, agent);
      }
      const { record, transcript } = await runTrial({
        runId: setup.runId,
        scenario,
        cell: trial.cell,
        agent: await agent,
        trial: trial.trial,
        seed: trial.seed,
        family: setup.family,
        limits: setup.limits ?? undefined,
        extraTools: setup.extraTools,
      });
      port.postMessage({ type: 'result', id: trial.id, record, packed: packTranscript(packer, transcript) });
    } catch (error) {
      port.postMessage({ type: 'failure', id: trial.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
}
