import { placeholderKey, type HarnessAdapter } from './harness-adapter.ts';

/** Every OpenCode permission, granted: the sandbox, not the harness, is the boundary (paper section 7.1). */
const permissions = [
  'read',
  'write',
  'edit',
  'bash',
  'glob',
  'grep',
  'list',
  'lsp',
  'patch',
  'skill',
  'todowrite',
  'todoread',
  'webfetch',
  'websearch',
  'question',
  // Newer than the paper's list: paths outside the workspace (the servers' files are reached over ssh, but an agent
  // may still look around the home folder) and the repeated-call guard.
  'external_directory',
  'doom_loop',
];

/**
 * OpenCode (`opencode-ai`): `opencode run --format json`, an OpenAI-compatible provider named `litellm` as in the
 * paper, configured through `OPENCODE_CONFIG_CONTENT`; project instructions in AGENTS.md. The prompt goes in on
 * stdin: given as an argument, `opencode run` wraps a message with spaces in double quotes.
 */
export const openCodeAdapter: HarnessAdapter = {
  name: 'opencode',
  title: 'OpenCode',
  packageName: 'opencode-ai',
  version: '1.18.33',
  binary: 'opencode',
  // Links the platform binary (`opencode-linux-x64`…) in place of the launcher stub.
  postInstall: ['node_modules/opencode-ai/postinstall.mjs'],
  protocol: 'openai-chat',
  systemPromptFile: 'AGENTS.md',
  defaultModel: 'gateway-model',
  modelName: (modelId) => modelId ?? 'gateway-model',
  invocation: ({ prompt, model, baseUrl }) => {
    const config = {
      $schema: 'https://opencode.ai/config.json',
      provider: {
        litellm: {
          npm: '@ai-sdk/openai-compatible',
          name: 'LiteLLM',
          options: { baseURL: `${baseUrl}/v1`, apiKey: placeholderKey },
          models: { [model]: { name: model, tool_call: true, limit: { context: 200_000, output: 32_000 } } },
        },
      },
      model: `litellm/${model}`,
      small_model: `litellm/${model}`,
      permission: Object.fromEntries(permissions.map((permission) => [permission, 'allow'])),
      autoupdate: false,
      share: 'disabled',
    };
    return {
      args: ['run', '--format', 'json', '--model', `litellm/${model}`],
      stdin: prompt,
      env: {
        OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
        // Offline: no model catalogue, update, LSP or plugin downloads (each would wait on a network that is not there).
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
        OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
        OPENCODE_DISABLE_SHARE: '1',
        CI: 'true',
      },
      files: [],
    };
  },
};
