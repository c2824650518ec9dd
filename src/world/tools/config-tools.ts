import { z } from 'zod';
import { defineTool, ToolError, type WorldTool } from '../tool.ts';
import type { ConfigFile, WorldState } from '../world-state.ts';
import { toYaml } from './format.ts';

// The paper's config tools act on the scenario's one config file; `view_config` checks the name.
function theConfig(world: WorldState): ConfigFile {
  const config = world.configs[0];
  if (config === undefined) throw new ToolError('No configuration file is available.');
  return config;
}

const valueSchema = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .describe('New value of the variable.');

export function configTools(): WorldTool[] {
  return [
    defineTool({
      name: 'view_config',
      description: 'Show the content of a configuration file.',
      inputSchema: z.object({ filename: z.string().describe('Name of the configuration file.') }),
      execute: ({ world, input }) => {
        const config = world.configs.find((candidate) => candidate.filename === input.filename);
        if (config === undefined) throw new ToolError(`File '${input.filename}' not found.`);
        return toYaml(config.content);
      },
    }),
    defineTool({
      name: 'add_var',
      description: 'Add a variable to the configuration file, or overwrite it if it exists.',
      inputSchema: z.object({ key: z.string().describe('Name of the variable.'), value: valueSchema }),
      execute: ({ world, input }) => {
        const config = theConfig(world);
        config.content[input.key] = input.value;
        return toYaml(config.content);
      },
    }),
    defineTool({
      name: 'modify_var',
      description: 'Change the value of an existing variable in the configuration file.',
      inputSchema: z.object({ key: z.string().describe('Name of the variable.'), value: valueSchema }),
      execute: ({ world, input }) => {
        const config = theConfig(world);
        if (!Object.hasOwn(config.content, input.key)) throw new ToolError(`Key '${input.key}' not found.`);
        config.content[input.key] = input.value;
        return toYaml(config.content);
      },
    }),
    defineTool({
      name: 'remove_var',
      description: 'Remove a variable from the configuration file.',
      inputSchema: z.object({ key: z.string().describe('Name of the variable.') }),
      execute: ({ world, input }) => {
        const config = theConfig(world);
        delete config.content[input.key];
        return toYaml(config.content);
      },
    }),
  ];
}
