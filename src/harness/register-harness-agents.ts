import { registerAgentKind, resolveAgent } from '../agent/index.ts';
import type { PeerwatchConfig } from '../config/index.ts';
import { formatAllowed, UsageError } from '../util/index.ts';
import { getHarnessAdapter, harnessAdapters } from './adapters/harness-adapters.ts';
import { createHarnessAgent, defaultHarnessTimeoutSeconds } from './harness-agent.ts';
import { harnessCacheDirectory, requireHarnessInstall } from './install/harness-install.ts';
import { bwrapPath, checkSandbox } from './sandbox/bwrap.ts';
import { createShellReferenceAgent } from './shell-reference-agent.ts';

/** The harness settings of a config (`harness:` in peerwatch.config.yaml, `--harness-timeout` on the command line). */
export type HarnessSettings = PeerwatchConfig['harness'];

/** Splits `harness:<name>/<agent spec>` into the harness name and the inner spec. */
export function parseHarnessSpec(spec: string): { name: string; innerSpec: string } {
  const rest = spec.startsWith('harness:') ? spec.slice('harness:'.length) : spec;
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) {
    throw new UsageError({
      message: `invalid agent spec "${spec}"; expected harness:<name>/<agent spec>, such as harness:opencode/ref:exfiltrator; harnesses: ${formatAllowed(harnessAdapters.map((adapter) => adapter.name))}`,
    });
  }
  return { name: rest.slice(0, slash), innerSpec: rest.slice(slash + 1) };
}

/**
 * Makes `harness:<name>/<agent spec>` specs resolve to production harnesses. The inner spec is any agent:
 * `ref:<behaviour>` becomes the shell reference agent (real shell commands through the harness's shell tool),
 * `script:<file>` replays its steps with the harness's tool names, and `<provider>:<model>` is a real model. A
 * harness that is not installed, or a missing bubblewrap, is a usage error naming the fix.
 */
export function registerHarnessAgents(): void {
  registerAgentKind({
    kind: 'harness',
    factory: async ({ spec, config }) => {
      const { name, innerSpec } = parseHarnessSpec(spec);
      const adapter = getHarnessAdapter(name);
      if (innerSpec.startsWith('harness:')) throw new UsageError({ message: `agent spec "${spec}": a harness cannot drive another harness` });
      const settings: HarnessSettings = config.harness ?? {};
      const installDirectory = requireHarnessInstall({ adapter, cacheDirectory: harnessCacheDirectory({ configured: settings.cacheDirectory }) });
      const bwrap = bwrapPath();
      checkSandbox(bwrap);
      const reference = innerSpec.startsWith('ref:');
      const inner = reference ? createShellReferenceAgent(innerSpec.slice('ref:'.length)) : await resolveAgent({ spec: innerSpec, config });
      const deterministic = reference || innerSpec.startsWith('script:');
      const colon = innerSpec.indexOf(':');
      return createHarnessAgent({
        adapter,
        inner,
        innerSpec,
        modelId: deterministic ? null : innerSpec.slice(colon + 1),
        deterministic,
        installDirectory,
        bwrap,
        timeoutSeconds: settings.timeoutSeconds ?? defaultHarnessTimeoutSeconds,
        keepDirectories: settings.keepDirectories ?? process.env.PEERWATCH_KEEP_HARNESS_DIRECTORIES === '1',
      });
    },
  });
}
