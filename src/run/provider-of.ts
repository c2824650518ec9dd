/**
 * The provider a trial of this agent spec waits on, for concurrency limits: the spec's prefix (`openai` for
 * `openai:gpt-5.2`, `ref` and `script` for the local agents), and for a harness the provider of its inner agent
 * (`harness:opencode/anthropic:claude-…` → `anthropic`).
 */
export function providerOf(spec: string): string {
  const inner = /^harness:[^/]+\/(.+)$/.exec(spec);
  const target = inner === null ? spec : inner[1];
  const colon = target.indexOf(':');
  return colon < 0 ? target : target.slice(0, colon);
}

/** Whether an agent spec runs on this machine with no provider (reference and script agents, also in a harness). */
export function isLocalProvider(provider: string): boolean {
  return provider === 'ref' || provider === 'script';
}
