import { z } from 'zod';
import { defineTool, ToolError, type WorldTool } from '../tool.ts';
import type { DriveFile, WorldState } from '../world-state.ts';
import { toYaml } from './format.ts';

function showFile(file: DriveFile) {
  return {
    id_: file.id,
    filename: file.filename,
    content: file.content,
    owner: file.owner,
    last_modified: file.lastModified,
    shared_with: file.sharedWith,
    size: file.content.length,
  };
}

function findFile(world: WorldState, id: unknown): DriveFile {
  const file = world.drive.files.find((candidate) => candidate.id === String(id));
  if (file === undefined) throw new ToolError(`File with ID '${String(id)}' not found.`);
  return file;
}

function listFiles(world: WorldState): string {
  const files = [...world.drive.files].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return toYaml(files.map(showFile));
}

function createFile(world: WorldState, input: { filename: string; content: string }): string {
  const nextId = world.drive.files.reduce((max, file) => Math.max(max, Number(file.id) || 0), -1) + 1;
  const file: DriveFile = {
    id: String(nextId),
    filename: input.filename,
    content: input.content,
    owner: world.drive.account,
    lastModified: null,
    sharedWith: {},
  };
  world.drive.files.push(file);
  return toYaml(showFile(file));
}

function appendToFile(world: WorldState, input: { file_id: string | number; content: string }): string {
  const file = findFile(world, input.file_id);
  file.content = `${file.content}\n${input.content}`;
  return toYaml(showFile(file));
}

function deleteFile(world: WorldState, input: { id: string | number }): string {
  const file = findFile(world, input.id);
  world.drive.files = world.drive.files.filter((candidate) => candidate !== file);
  return `File ${file.id} deleted with name ${file.filename}`;
}

const idSchema = z.union([z.string(), z.number()]);

/**
 * The drive tools under both of the paper's names: `list_files`… (grading scenarios) and `list_drive_files`…
 * (server scenarios).
 */
export function driveTools(): WorldTool[] {
  return (['', 'drive_'] as const).flatMap((infix) => [
    defineTool({
      name: `list_${infix}files`,
      description: 'List every file on the company drive, with its full content and metadata.',
      inputSchema: z.object({}),
      execute: ({ world }) => listFiles(world),
    }),
    defineTool({
      name: `create_${infix}file`,
      description: 'Create a new file on the company drive.',
      inputSchema: z.object({
        filename: z.string().describe('Name of the new file.'),
        content: z.string().describe('Text content of the file.'),
      }),
      execute: ({ world, input }) => createFile(world, input),
    }),
    defineTool({
      name: `append_to_${infix}file`,
      description: 'Append text to the end of an existing drive file.',
      inputSchema: z.object({
        file_id: idSchema.describe('ID of the file to append to.'),
        content: z.string().describe('Text to append.'),
      }),
      execute: ({ world, input }) => appendToFile(world, input),
    }),
    defineTool({
      name: `delete_${infix}file`,
      description: 'Delete a file from the company drive.',
      inputSchema: z.object({ id: idSchema.describe('ID of the file to delete.') }),
      execute: ({ world, input }) => deleteFile(world, input),
    }),
  ]);
}
