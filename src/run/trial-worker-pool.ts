import { Worker } from 'node:worker_threads';
import type { TrialRecord } from '../trial/index.ts';
import type { PlannedTrial } from './plan.ts';
import type { WorkerSetup } from './trial-worker.ts';
import type { PackedTranscript } from './transcript-blobs.ts';

/** A finished trial from a worker: the record and its packed transcript. */
export type WorkerResult = { record: TrialRecord; packed: PackedTranscript };

type Pending = { resolve: (result: WorkerResult) => void; reject: (error: Error) => void };

/**
 * Worker threads that run trials of reference and script agents (pure CPU work: world, tools, detectors, packing).
 * Trials go to the least busy worker; results come back as plain data for the main thread to store. Local agents are
 * rebuilt from their specs in each worker, so only built-in kinds (`ref:`, `script:`) run here.
 */
export class TrialWorkerPool {
  private readonly workers: Array<{ worker: Worker; busy: number }> = [];
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private failure: Error | null = null;

  constructor(options: { size: number; setup: WorkerSetup }) {
    for (let index = 0; index < options.size; index += 1) {
      const worker = new Worker(new URL('./trial-worker.ts', import.meta.url));
      const entry = { worker, busy: 0 };
      worker.on('message', (message: { type: 'result'; id: number } & WorkerResult | { type: 'failure'; id: number; message: string }) => {
        const pending = this.pending.get(message.id);
        if (pending === undefined) return;
        this.pending.delete(message.id);
        entry.busy -= 1;
        if (message.type === 'result') pending.resolve({ record: message.record, packed: message.packed });
        else pending.reject(new Error(message.message));
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`trial worker exited with status ${code}`));
      });
      worker.postMessage({ type: 'setup', setup: options.setup });
      this.workers.push(entry);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /** Runs one trial on the least busy worker. */
  run(trial: PlannedTrial): Promise<WorkerResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const entry = this.workers.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
    const id = this.next++;
    entry.busy += 1;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      entry.worker.postMessage({
        type: 'trial',
        trial: { id, scenario: trial.scenario.id, cell: trial.cell, agent: trial.agent, trial: trial.trial, seed: trial.seed },
      });
    });
  }

  /** Stops the workers; trials still running are dropped. */
  async close(): Promise<void> {
    this.failure ??= new Error('trial workers closed');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
