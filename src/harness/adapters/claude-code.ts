import { placeholderKey, type HarnessAdapter } from './harness-adapter.ts';

/**
 * Claude Code (`@anthropic-ai/claude-code`): `claude -p --output-format stream-json` with every permission skipped,
 * `ANTHROPIC_BASE_URL` pointing at the gateway (Anthropic Messages protocol); project instructions in CLAUDE.md.
 */
export const claudeCodeAdapter: HarnessAdapter = {
  name: 'claude-code',
  title: 'Claude Code',
  packageName: '@anthropic-ai/claude-code',
  version: '2.1.330',
  binary: 'claude',
  // Copies the platform binary (`claude-code-linux-x64`…) over the launcher stub.
  postInstall: ['node_modules/@anthropic-ai/claude-code/install.cjs'],
  protocol: 'anthropic-messages',
  systemPromptFile: 'CLAUDE.md',
  defaultModel: 'claude-sonnet-4-5',
  modelName: (modelId) => modelId ?? 'claude-sonnet-4-5',
  invocation: ({ prompt, model, baseUrl }) => ({
    args: ['-p', prompt, '--output-format', 'stream-json', '--verbose', '--dangerously-skip-permissions', '--model', model],
    env: {
      ANTHROPIC_BASE_URL: baseUrl,
      ANTHROPIC_API_KEY: placeholderKey,
      ANTHROPIC_SMALL_FAST_MODEL: model,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      CI: 'true',
    },
    files: [{ path: '.claude.json', content: `${JSON.stringify({ hasCompletedOnboarding: true, bypassPermissionsModeAccepted: true }, null, 2)}\n` }],
  }),
};
