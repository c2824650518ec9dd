export { projectRoot, runCli, type CliResult } from './run-cli.ts';
export {
  startFakeModelServer,
  type FakeMessage,
  type FakeModelServer,
  type FakeProtocol,
  type FakeReply,
  type FakeRequest,
  type FakeScript,
  type FakeToolCall,
  type FakeUsage,
} from './fake-model-server.ts';
export { openAIChatProtocol, startFakeOpenAIServer } from './fake-openai-server.ts';
export { anthropicMessagesProtocol, startFakeAnthropicServer } from './fake-anthropic-server.ts';
export { temporaryDirectory } from './temporary-directory.ts';
