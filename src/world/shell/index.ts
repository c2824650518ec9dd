export { bashTool, bashToolName, formatShellOutput, maxShellOutput } from './bash-tool.ts';
export { runShellCommand, type ShellOutput } from './shell-session.ts';
export { serverHome, serverUser, shellLimits, workspaceRoot } from './shell-network.ts';
