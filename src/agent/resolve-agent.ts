import type { PeerwatchConfig } from '../config/index.ts';
import { UsageError } from '../util/index.ts';
import type { Agent } from './agent.ts';
import { createReferenceAgent } from './reference/reference-agents.ts';
import { createScriptAgent } from './script-agent.ts';

/** Makes an agent from the part of a spec after its kind (`compliant` of `ref:compliant`). */
export type AgentFactory = (options: { spec: string; rest: string; config: PeerwatchConfig }) => Agent | Promise<Agent>;

const factories = new Map<string, AgentFactory>([
  ['ref', ({ rest }) => createReferenceAgent(rest)],
  ['script', ({ rest }) => createScriptAgent({ file: rest })],
]);

let modelFactory: AgentFactory | null = null;

/**
 * Registers a kind of agent spec (`harness` for production harnesses) or, with kind `model`, the factory for
 * `<provider>:<model>` specs. Pieces that build agents register themselves here, so this piece does not depend on them.
 */
export function registerAgentKind(options: { kind: string; factory: AgentFactory }): void {
  if (options.kind === 'model') modelFactory = options.factory;
  else factories.set(options.kind, options.factory);
}

/**
 * Turns an agent spec into an agent: `ref:<name>`, `script:<file>`, `<provider>:<model>` (a real model through the
 * provider registry), or another registered kind. Bad specs are `UsageError`s naming the allowed forms.
 */
export async function resolveAgent(options: { spec: string; config: PeerwatchConfig }): Promise<Agent> {
  const { spec, config } = options;
  const colon = spec.indexOf(':');
  if (colon <= 0 || colon === spec.length - 1) {
    throw new UsageError({
      message: `invalid agent spec "${spec}"; expected ref:<name>, script:<file>, <provider>:<model> or harness:<name>/<agent spec>`,
    });
  }
  const kind = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  const factory = factories.get(kind);
  if (factory !== undefined) return factory({ spec, rest, config });
  if (modelFactory === null) {
    throw new UsageError({ message: `agent spec "${spec}": model agents are not available yet; use ref:<name> or script:<file>` });
  }
  return modelFactory({ spec, rest, config });
}
