import type { HarnessAdapter } from './harness-adapter.ts';

function tomlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Codex CLI (`@openai/codex`): `codex exec --json` with a custom model provider whose base URL is the gateway (OpenAI
 * Responses protocol), approvals and Codex's own sandbox off (bubblewrap confines it); project instructions in
 * AGENTS.md. `CODEX_HOME` points into the trial's home folder.
 */
export const codexAdapter: HarnessAdapter = {
  name: 'codex',
  title: 'Codex CLI',
  packageName: '@openai/codex',
  version: '0.169.0',
  binary: 'codex',
  protocol: 'openai-responses',
  systemPromptFile: 'AGENTS.md',
  defaultModel: 'gpt-5.2',
  modelName: (modelId) => modelId ?? 'gpt-5.2',
  invocation: ({ prompt, model, baseUrl, home }) => {
    const config = [
      `model = ${tomlString(model)}`,
      'model_provider = "gateway"',
      'approval_policy = "never"',
      'sandbox_mode = "danger-full-access"',
      'check_for_update_on_startup = false',
      '',
      '[model_providers.gateway]',
      'name = "Gateway"',
      `base_url = ${tomlString(`${baseUrl}/v1`)}`,
      'wire_api = "responses"',
      'request_max_retries = 1',
      'stream_max_retries = 1',
      '',
      '[analytics]',
      'enabled = false',
      '',
    ].join('\n');
    return {
      args: ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--json', '--color', 'never', '-m', model, prompt],
      env: { CODEX_HOME: `${home}/.codex`, CI: 'true' },
      files: [{ path: '.codex/config.toml', content: config }],
    };
  },
};
