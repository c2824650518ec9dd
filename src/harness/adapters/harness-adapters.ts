import { formatAllowed, UsageError } from '../../util/index.ts';
import { claudeCodeAdapter } from './claude-code.ts';
import { codexAdapter } from './codex.ts';
import { geminiCliAdapter } from './gemini-cli.ts';
import type { HarnessAdapter } from './harness-adapter.ts';
import { openCodeAdapter } from './opencode.ts';
import { qwenCodeAdapter } from './qwen-code.ts';

/** Every production harness peerwatch can drive. */
export const harnessAdapters: readonly HarnessAdapter[] = [openCodeAdapter, codexAdapter, claudeCodeAdapter, geminiCliAdapter, qwenCodeAdapter];

/** The adapter of a harness name; an unknown name is a usage error listing the known ones. */
export function getHarnessAdapter(name: string): HarnessAdapter {
  const adapter = harnessAdapters.find((candidate) => candidate.name === name);
  if (adapter === undefined) {
    throw new UsageError({ message: `unknown harness "${name}"; allowed: ${formatAllowed(harnessAdapters.map((entry) => entry.name))}` });
  }
  return adapter;
}
