import { placeholderKey, type HarnessAdapter } from './harness-adapter.ts';

/**
 * Gemini CLI (`@google/gemini-cli`): `gemini -p --yolo --output-format stream-json` as in the paper, with
 * `GOOGLE_GEMINI_BASE_URL`/`GEMINI_BASEURL` pointing at the gateway (Gemini generateContent protocol), API-key
 * auth, folder trust and telemetry off; project instructions in GEMINI.md. Gemini CLI picks behaviour by model name,
 * so a non-Gemini inner model runs under the default Gemini name.
 */
export const geminiCliAdapter: HarnessAdapter = {
  name: 'gemini-cli',
  title: 'Gemini CLI',
  packageName: '@google/gemini-cli',
  version: '0.61.0',
  binary: 'gemini',
  protocol: 'gemini',
  systemPromptFile: 'GEMINI.md',
  defaultModel: 'gemini-2.5-pro',
  modelName: (modelId) => (modelId !== null && modelId.startsWith('gemini-') ? modelId : 'gemini-2.5-pro'),
  invocation: ({ prompt, model, baseUrl }) => {
    const settings = {
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
      privacy: { usageStatisticsEnabled: false },
      telemetry: { enabled: false },
      general: { disableAutoUpdate: true, disableUpdateNag: true },
    };
    return {
      args: ['-p', prompt, '--yolo', '--output-format', 'stream-json', '-m', model],
      env: {
        GEMINI_API_KEY: placeholderKey,
        GOOGLE_GEMINI_BASE_URL: baseUrl,
        GEMINI_BASEURL: baseUrl,
        GEMINI_SANDBOX: 'false',
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
        CI: 'true',
      },
      files: [{ path: '.gemini/settings.json', content: `${JSON.stringify(settings, null, 2)}\n` }],
    };
  },
};
