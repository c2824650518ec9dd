// A rate-limited fake model server for the benchmark. Run as a script, it starts on 127.0.0.1 and prints its base URL
// and then, on every line it reads, its counts as JSON; it runs in its own process so that its work does not slow
// the scheduler it measures.
import { createInterface } from 'node:readline';
import { startFakeOpenAIServer, type FakeModelServer, type FakeReply, type FakeRequest } from '../src/testing/index.ts';

export type RateLimit = { latencyMs: number; maxConcurrent: number };

/**
 * A fake OpenAI-compatible server with a fixed latency that serves at most `maxConcurrent` requests at once (as a
 * local inference server or a provider's concurrency limit does): a request beyond that is answered at once with
 * 429 and a `Retry-After` of the time until the next slot frees. Ideal throughput: maxConcurrent / latency. The model
 * lists the files, then ends the task: two calls a trial.
 */
export async function startRateLimitedServer(options: RateLimit): Promise<FakeModelServer & { counts: () => { served: number; turnedAway: number } }> {
  const { latencyMs, maxConcurrent } = options;
  const endings: number[] = [];
  let served = 0;
  let turnedAway = 0;
  const usage = { inputTokens: 1000, outputTokens: 100 };
  const script = (request: FakeRequest): FakeReply => {
    const now = performance.now();
    while (endings.length > 0 && endings[0] <= now) endings.shift();
    if (endings.length >= maxConcurrent) {
      turnedAway += 1;
      return { type: 'error', status: 429, message: 'too many requests at once', retryAfterSeconds: Math.max(0.001, Math.round(endings[0] - now) / 1000) };
    }
    endings.push(now + latencyMs);
    endings.sort((a, b) => a - b);
    served += 1;
    return request.assistantTurns === 0
      ? { type: 'message', text: 'Let me look.', toolCalls: [{ name: 'list_files', arguments: {} }], usage, delayMs: latencyMs }
      : { type: 'message', text: 'Done.', toolCalls: [{ name: 'end_task', arguments: {} }], usage, delayMs: latencyMs };
  };
  const server = await startFakeOpenAIServer({ script });
  return Object.assign(server, { counts: () => ({ served, turnedAway }) });
}

if (import.meta.main) {
  const [latencyMs, maxConcurrent] = process.argv.slice(2).map(Number);
  const server = await startRateLimitedServer({ latencyMs, maxConcurrent });
  process.stdout.write(`${server.baseURL}\n`);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', () => process.stdout.write(`${JSON.stringify(server.counts())}\n`));
  lines.on('close', () => void server.close());
}
