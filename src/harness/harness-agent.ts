import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentError, type Agent, type EpisodeOptions, type EpisodeResult } from '../agent/index.ts';
import type { HarnessAdapter } from './adapters/harness-adapter.ts';
import { createAgentResponder, exchangeToModelCall, startGateway, transcriptOf } from './gateway/index.ts';
import { startSshHost, type SimulatedServer } from './remote/ssh-host.ts';
import { harnessSandboxArgs, modelProxyPort, prepareSandboxFiles, sandboxEnvironment, sandboxPaths } from './sandbox/bwrap.ts';
import { runSandboxed } from './sandbox/run-sandboxed.ts';
import { createTrialDirectory, removeTrialDirectory } from './sandbox/trial-directory.ts';
import { harnessUserPrompt } from './workspace/harness-prompts.ts';
import { materialiseWorld } from './workspace/materialise-world.ts';
import { readBackWorld } from './workspace/read-back-world.ts';

/** The paper's per-run wall-clock limit for harness rollouts (section 7.1). */
export const defaultHarnessTimeoutSeconds = 600;

/** How much of the harness's output goes into the trial's artefacts. */
const artefactTextLimit = 256 * 1024;
const artefactEventLimit = 2_000;

/** The host name a simulated server's shell shows (`srv-45` for 10.0.12.45). */
export function serverHostname(ip: string): string {
  return `srv-${ip.split('.').at(-1) ?? ip}`;
}

function tail(text: string, limit: number): string {
  return text.length <= limit ? text : `…${text.slice(-limit)}`;
}

/** The JSON events a harness printed, one a line (OpenCode, Codex, Claude Code, Gemini CLI and Qwen Code all do). */
export function parseEvents(stdout: string): unknown[] {
  const events: unknown[] = [];
  for (const line of stdout.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) continue;
    try {
      events.push(JSON.parse(trimmed));
    } catch {
      // A partial line (output cut at the limit) is not an event.
    }
    if (events.length >= artefactEventLimit) break;
  }
  return events;
}

export type HarnessAgentOptions = {
  adapter: HarnessAdapter;
  /** The agent the gateway forwards model requests to. */
  inner: Agent;
  /** The spec after `harness:<name>/`. */
  innerSpec: string;
  /** The inner model's id, or `null` for reference and script agents. */
  modelId: string | null;
  /** Whether the inner agent is scripted (reference or script): side requests then get canned answers. */
  deterministic: boolean;
  installDirectory: string;
  bwrap: string;
  timeoutSeconds: number;
  /** Keep each trial's folder (for inspection) instead of deleting it. */
  keepDirectories?: boolean;
  /** Where trial folders are created (default: the system's temporary folder). */
  workDirectory?: string;
};

/**
 * One episode of a production harness on a world materialised on disk: the workspace and servers are written to a
 * fresh trial folder, the harness runs under bubblewrap with its model requests going through the recording gateway
 * to the inner agent and its `ssh`/`scp` going to the simulated servers, and the folder is read back into a world
 * (files gone from a server count as queued for deletion) for the same detectors as every other trial.
 */
export async function runHarnessEpisode(options: HarnessAgentOptions & { episode: EpisodeOptions; spec: string }): Promise<EpisodeResult> {
  const { adapter, episode } = options;
  const { world, context } = episode;
  const directory = createTrialDirectory({ parent: options.workDirectory });
  const closers: Array<() => Promise<void>> = [];
  try {
    const materialised = materialiseWorld({ world, directory, systemPromptFile: adapter.systemPromptFile, systemPrompt: episode.systemPrompt });
    const servers: SimulatedServer[] = world.servers.map((server) => ({ ip: server.ip, hostname: serverHostname(server.ip) }));
    prepareSandboxFiles({ directory, servers });
    const ssh = await startSshHost({ directory, servers, bwrap: options.bwrap });
    closers.push(ssh.close);

    const { respond, state } = createAgentResponder({ agent: options.inner, context, deterministic: options.deterministic });
    const calls: Array<{ id: string; path: string; status: number; side: boolean; durationMs: number }> = [];
    let mainSteps = 0;
    const gateway = await startGateway({
      respond,
      socketPath: directory.modelSocket,
      onExchange: (exchange) => {
        const side = exchange.request !== null && exchange.request.tools.length === 0;
        const step = side || exchange.request === null ? null : ++mainSteps;
        calls.push({ id: exchange.id, path: exchange.path, status: exchange.status, side, durationMs: exchange.durationMs });
        context.modelCalls?.record(exchangeToModelCall({ exchange, trialId: context.trialId, step, model: options.spec }));
      },
    });
    closers.push(gateway.close);

    const model = adapter.modelName(options.modelId);
    const prompt = harnessUserPrompt({ userMessage: episode.userMessage });
    const invocation = adapter.invocation({
      prompt,
      model,
      baseUrl: `http://127.0.0.1:${modelProxyPort}`,
      home: sandboxPaths.home,
      workspace: sandboxPaths.workspace,
    });
    for (const file of invocation.files) {
      const target = path.join(directory.home, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    const command = `${sandboxPaths.harness}/node_modules/.bin/${adapter.binary}`;
    const result = await runSandboxed({
      command: options.bwrap,
      args: [
        ...harnessSandboxArgs({ directory, harnessDirectory: options.installDirectory }),
        sandboxPaths.node,
        '--no-warnings',
        sandboxPaths.modelProxy,
        sandboxPaths.modelSocket,
        String(modelProxyPort),
        ...(invocation.stdin === undefined ? [] : ['--stdin']),
        '--',
        command,
        ...invocation.args,
      ],
      env: sandboxEnvironment({ hostname: 'workstation', extra: invocation.env }),
      timeoutMs: options.timeoutSeconds * 1000,
      abortSignal: episode.abortSignal,
      input: invocation.stdin,
    });
    for (const close of closers.splice(0).reverse()) await close();

    const after = readBackWorld({ directory, before: world, materialised });
    const messages = transcriptOf(state);
    let status: EpisodeResult['status'] = 'completed';
    let endReason = 'harness-exit';
    let error: EpisodeResult['error'] = null;
    if (result.aborted) {
      status = 'incomplete';
      endReason = 'aborted';
    } else if (result.timedOut) {
      status = 'incomplete';
      endReason = 'timeout';
    } else if (result.exitCode !== 0) {
      status = 'error';
      endReason = 'error';
      error = state.error ?? {
        name: 'HarnessError',
        message: `${adapter.binary} exited with status ${result.exitCode ?? result.signal}: ${tail(result.stderr.trim() || result.stdout.trim(), 2000)}`,
        retryable: false,
      };
    } else if (state.error !== null && state.turns.length === 0) {
      // The harness swallowed the model failure and exited 0 without a single answered turn.
      status = 'error';
      endReason = 'error';
      error = state.error;
    }
    return {
      messages,
      status,
      endReason,
      error,
      usage: state.usage,
      steps: state.turns.length,
      world: after,
      artefacts: {
        harness: { name: adapter.name, title: adapter.title, package: adapter.packageName, version: adapter.version },
        model,
        innerAgent: options.innerSpec,
        command: [adapter.binary, ...invocation.args.map((arg) => (arg === prompt ? '<user prompt>' : arg))],
        systemPromptFile: adapter.systemPromptFile,
        systemPromptText: materialised.systemPromptText,
        userPrompt: prompt,
        exitCode: result.exitCode,
        signal: result.signal,
        timedOut: result.timedOut,
        timeoutSeconds: options.timeoutSeconds,
        durationMs: result.durationMs,
        outputTruncated: result.truncated,
        stdout: tail(result.stdout, artefactTextLimit),
        stderr: tail(result.stderr, artefactTextLimit / 4),
        events: parseEvents(result.stdout),
        gatewayCalls: calls,
        sideRequests: state.sideRequests,
        remoteCommands: ssh.log,
        ...(options.keepDirectories ? { trialDirectory: directory.root } : {}),
      },
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (!options.keepDirectories) removeTrialDirectory(directory);
  }
}

/**
 * A production harness as a peerwatch agent (`harness:<name>/<agent spec>`): whole episodes through `runEpisode`.
 * `step()` is not available, since the harness runs its own loop.
 */
export function createHarnessAgent(options: HarnessAgentOptions): Agent {
  const spec = `harness:${options.adapter.name}/${options.innerSpec}`;
  return {
    spec,
    family: options.inner.family,
    ...(options.inner.costOf ? { costOf: options.inner.costOf } : {}),
    step: async () => {
      throw new AgentError({ message: `${spec} runs whole episodes (runEpisode); it has no single steps` });
    },
    runEpisode: (episode) => runHarnessEpisode({ ...options, episode, spec }),
  };
}
