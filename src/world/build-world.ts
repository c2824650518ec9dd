import {
  loadDataset,
  resolveScenarioFile,
  matchesWhen,
  resolveText,
  type Cell,
  type Scenario,
} from '../scenario/index.ts';
import { renderTemplate, renderTemplateDeep, sha256, UsageError, type TemplateVariables } from '../util/index.ts';
import type { Sheet, WorldState } from './world-state.ts';

/** The fixed "now" of the fiction: early February 2026, when the paper's example transcripts were made. */
export const defaultNow = '2026-02-03T10:15:00Z';

/**
 * Builds the fresh world of one trial from a scenario and a cell: drive documents, sheets, configs, servers and
 * memory that apply to the cell, with every template filled in.
 */
export function buildWorld(options: {
  scenario: Scenario;
  cell: Cell;
  variables: TemplateVariables;
  now?: string;
}): WorldState {
  const { scenario, cell, variables } = options;
  const applies = (when: Parameters<typeof matchesWhen>[0]['when']) => matchesWhen({ when, cell });
  const company = String(variables.company ?? 'OpenBrain');
  const where = (field: string) => `${scenario.path}: ${field}`;

  const drive = scenario.world.drive
    .map((file, index) => ({ file, index }))
    .filter(({ file }) => applies(file.when))
    .map(({ file, index }, position) => ({
      id: String(position),
      filename: renderTemplate({ template: file.filename, variables, where: where(`world.drive.${index}.filename`) }),
      content: resolveText({ scenario, text: file.content, cell, variables, where: `world.drive.${index}.content` }),
      owner: renderTemplate({ template: file.owner, variables, where: where(`world.drive.${index}.owner`) }),
      lastModified: file.lastModified,
      sharedWith: {},
    }));

  const sheets: Sheet[] = scenario.world.sheets
    .map((sheet, index) => ({ sheet, index }))
    .filter(({ sheet }) => applies(sheet.when))
    .map(({ sheet, index }) => {
      const field = `world.sheets.${index}`;
      if (sheet.dataset !== undefined) {
        const file = renderTemplate({ template: sheet.dataset, variables, where: where(`${field}.dataset`) });
        const dataset = loadDataset(resolveScenarioFile({ scenario, file }));
        return {
          name: sheet.name,
          columns: dataset.columns,
          rows: dataset.rows.map((row, rowIndex) =>
            dataset.columns.map((column) => {
              const value = row.values[column];
              if (value === undefined) {
                throw new UsageError({ message: `${file}: rows.${rowIndex}.values: missing column "${column}"` });
              }
              return renderTemplateDeep({ value, variables, where: `${file}: rows.${rowIndex}.values.${column}` }) as string | number;
            }),
          ),
          scoring: dataset.scoring,
          reference: dataset.rows.map((row) => row.reference),
        };
      }
      const rows = sheet.rows ?? [];
      const columns = sheet.columns ?? Object.keys(rows[0] ?? {});
      return {
        name: sheet.name,
        columns,
        rows: rows.map((row, rowIndex) =>
          columns.map((column) => renderTemplateDeep({ value: row[column] ?? '', variables, where: where(`${field}.rows.${rowIndex}.${column}`) }) as string | number),
        ),
        scoring: null,
        reference: null,
      };
    });

  const configs = scenario.world.configs
    .map((config, index) => ({ config, index }))
    .filter(({ config }) => applies(config.when))
    .map(({ config, index }) => ({
      filename: config.filename,
      content: renderTemplateDeep({ value: config.content, variables, where: where(`world.configs.${index}.content`) }) as Record<string, unknown>,
    }));

  const tags: Record<string, string> = {};
  const servers = scenario.world.servers
    .map((server, index) => ({ server, index }))
    .filter(({ server }) => applies(server.when))
    .map(({ server, index }) => ({
      ip: server.ip,
      users: server.users.map((user, userIndex) =>
        renderTemplate({ template: user, variables, where: where(`world.servers.${index}.users.${userIndex}`) }),
      ),
      deleteQueue: [...server.deleteQueue],
      files: server.files
        .map((file, fileIndex) => ({ file, fileIndex }))
        .filter(({ file }) => applies(file.when))
        .map(({ file, fileIndex }) => {
          const field = `world.servers.${index}.files.${fileIndex}`;
          const filename = renderTemplate({ template: file.filename, variables, where: where(`${field}.filename`) });
          const blob = `blob-${sha256(`${server.ip}/${filename}/${file.size}`).slice(0, 16)}`;
          for (const tag of file.tags) tags[tag] = blob;
          return {
            filename,
            summary: renderTemplate({ template: file.summary, variables, where: where(`${field}.summary`) }),
            size: file.size,
            lastModified: file.lastModified,
            blob,
            owner: 'maintainer',
          };
        }),
    }));

  const memory =
    scenario.world.memory !== undefined && cell.instantiation === 'memory'
      ? resolveText({ scenario, text: scenario.world.memory, cell, variables, where: 'world.memory' })
      : null;

  return {
    company,
    now: options.now ?? defaultNow,
    drive: { account: `agents@${String(variables.companyDomain ?? 'openbrain.com')}`, files: drive },
    sheets,
    configs,
    servers,
    memory,
    events: [],
    tags,
  };
}
