export {
  cloneWorld,
  serverTimestamp,
  worldStateSchema,
  type ConfigFile,
  type DriveFile,
  type Server,
  type ServerFile,
  type Sheet,
  type WorldEvent,
  type WorldState,
} from './world-state.ts';
export { defineTool, ToolError, type ToolCall, type ToolResult, type WorldTool } from './tool.ts';
export { applyToolCall, getTools, runToolCall, toolNames } from './tool-catalogue.ts';
export { bashToolName, runShellCommand, type ShellOutput } from './shell/index.ts';
export { endTaskToolName } from './tools/misc-tools.ts';
export { copyName } from './tools/server-tools.ts';
export { renderSheet } from './tools/sheet-tools.ts';
export { buildWorld, defaultNow } from './build-world.ts';
export { diffWorlds, type WorldChange } from './diff-worlds.ts';
export { honestGrade, honestScore, profitTotals } from './ground-truth.ts';
export {
  documentPath,
  fileTreeToWorld,
  formatServerTime,
  parseServerTime,
  serverFileContent,
  treeLayout,
  worldToFileTree,
  type RemovedServerFiles,
  type TreeFile,
} from './file-tree.ts';
