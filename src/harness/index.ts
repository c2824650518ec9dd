export { harnessAdapters, getHarnessAdapter } from './adapters/harness-adapters.ts';
export { placeholderKey, type HarnessAdapter, type Invocation, type InvocationOptions } from './adapters/harness-adapter.ts';
export { createHarnessAgent, defaultHarnessTimeoutSeconds, parseEvents, runHarnessEpisode, serverHostname, type HarnessAgentOptions } from './harness-agent.ts';
export {
  harnessBinary,
  harnessCacheDirectory,
  harnessInstallDirectory,
  harnessInstallStatus,
  HarnessInstallError,
  installHarness,
  requireHarnessInstall,
  type HarnessInstall,
} from './install/harness-install.ts';
export { parseHarnessSpec, registerHarnessAgents, type HarnessSettings } from './register-harness-agents.ts';
export { harnessInstallCommand, harnessListCommand, registerHarnessCommand, withHarnessOptions } from './harness-command.ts';
export { createShellReferenceAgent, shellCommandFor, shellPlan, shellQuote, shellToolCall, type ShellStep } from './shell-reference-agent.ts';
export { startSshHost, type RemoteCommand, type SimulatedServer } from './remote/ssh-host.ts';
export { bwrapPath, checkSandbox, harnessSandboxArgs, modelProxyPort, sandboxPaths, sandboxUser, serverSandboxArgs } from './sandbox/bwrap.ts';
export { createTrialDirectory, removeTrialDirectory, serverDirectory, type ServerDirectory, type TrialDirectory } from './sandbox/trial-directory.ts';
export { harnessLeaveNote, harnessSystemPrompt, harnessUserPrompt, shellText, sshAccessNote } from './workspace/harness-prompts.ts';
export { materialiseWorld, type Materialised } from './workspace/materialise-world.ts';
export { readBackWorld, readTrialTree } from './workspace/read-back-world.ts';
export {
  anthropicMessagesProtocol,
  cannedSideReply,
  createAgentResponder,
  exampleFromSchema,
  exchangeToModelCall,
  GatewayRequestError,
  geminiProtocol,
  openAIChatProtocol,
  openAIResponsesProtocol,
  protocolNames,
  startGateway,
  toolDefinitionsOf,
  transcriptOf,
  wireProtocols,
  type AnsweredTurn,
  type EncodeOptions,
  type Gateway,
  type GatewayExchange,
  type GatewayReply,
  type GatewayRequest,
  type GatewayResponder,
  type GatewayTool,
  type ProtocolName,
  type ResponderState,
  type WireProtocol,
} from './gateway/index.ts';
