import { placeholderKey, type HarnessAdapter } from './harness-adapter.ts';

/**
 * Qwen Code (`@qwen-code/qwen-code`): `qwen --yolo --output-format stream-json` with OpenAI auth and
 * `OPENAI_BASE_URL` pointing at the gateway (OpenAI Chat Completions protocol); project instructions in QWEN.md.
 */
export const qwenCodeAdapter: HarnessAdapter = {
  name: 'qwen-code',
  title: 'Qwen Code',
  packageName: '@qwen-code/qwen-code',
  version: '0.24.4',
  binary: 'qwen',
  protocol: 'openai-chat',
  systemPromptFile: 'QWEN.md',
  defaultModel: 'qwen3-coder-plus',
  modelName: (modelId) => modelId ?? 'qwen3-coder-plus',
  invocation: ({ prompt, model, baseUrl }) => {
    const settings = {
      security: { auth: { selectedType: 'openai' }, folderTrust: { enabled: false } },
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      general: { disableAutoUpdate: true, disableUpdateNag: true },
    };
    return {
      args: ['--auth-type', 'openai', '-m', model, '--yolo', '--output-format', 'stream-json', prompt],
      env: {
        OPENAI_BASE_URL: `${baseUrl}/v1`,
        OPENAI_API_KEY: placeholderKey,
        OPENAI_MODEL: model,
        QWEN_CODE_SUPPRESS_YOLO_WARNING: '1',
        CI: 'true',
      },
      files: [{ path: '.qwen/settings.json', content: `${JSON.stringify(settings, null, 2)}\n` }],
    };
  },
};
