import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { formatImportReport, importTranscripts, legacyTaskFolders, openImportFiles, paperTaskTypes, type ImportReport } from '../../import/index.ts';
import { newRunId, RunStore, summarizeTrials } from '../../run/index.ts';
import { loadSuite } from '../suite.ts';

export type ImportCommandOptions = { taskType?: string; scenarios?: string; out?: string; json?: boolean };

const taskTypeNames = [...paperTaskTypes, ...Object.keys(legacyTaskFolders)].flatMap((name) => [name, `${name}_memory`]);

function taskType(value: string): string {
  if (!taskTypeNames.includes(value)) throw new InvalidArgumentError(`"${value}" is not a task type; allowed: ${[...paperTaskTypes].join(', ')} (with _memory for the memory variants)`);
  return value;
}

/**
 * `peerwatch import FILE…`: replays the paper's transcripts (JSON files, JSONL, or parquet rows of the released
 * dataset) in peerwatch's worlds, runs peerwatch's detectors, and reports per field how often their verdicts agree
 * with the paper's own evaluation, listing every disagreement and every transcript that could not be placed.
 * With `--out DIR`, the replayed trials are also written as a run folder for `view` and `report`.
 */
export async function importCommand(files: string[], options: ImportCommandOptions): Promise<void> {
  // Everything is checked before anything is written.
  const scenarios = loadSuite({ scenariosDirectory: options.scenarios });
  const sources = await openImportFiles(files);
  const runId = newRunId();
  let store: RunStore | null = null;
  let outDir: string | null = null;
  if (options.out !== undefined) {
    outDir = path.resolve(options.out, runId);
    mkdirSync(options.out, { recursive: true });
    store = RunStore.create({ directory: outDir });
  }
  let report: ImportReport;
  try {
    const agents = new Set<string>();
    const header = {
      runId,
      createdAt: new Date().toISOString(),
      peerwatchVersion: process.env.npm_package_version ?? '0.1.0',
      kind: 'import',
      importedFrom: sources.map((source) => path.resolve(source.file)),
      scenarios: scenarios.map((scenario) => ({ id: scenario.id, path: scenario.path })),
      agents: [] as string[],
    };
    store?.setMeta('header', header);
    report = await importTranscripts({
      sources,
      scenarios,
      taskType: options.taskType,
      runId,
      onTrial: ({ record, transcript }) => {
        agents.add(record.agent);
        store?.putTrial({ record, transcript });
      },
    });
    if (store !== null) {
      store.setMeta('header', { ...header, agents: [...agents].sort(), plannedTrials: report.replayed });
      store.setMeta('summary', summarizeTrials(store.listTrials()));
      store.setMeta('import', { fields: report.fields, disagreements: report.disagreements, unmappable: report.unmappable });
      store.exportJsonl();
    }
  } finally {
    store?.close();
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runId: outDir === null ? null : runId, outDir, ...report })}\n`);
    return;
  }
  process.stdout.write(`${formatImportReport(report)}\n`);
  if (outDir !== null) process.stdout.write(`\nReplayed trials stored as run ${runId} in ${outDir}\nNext: npx peerwatch view ${path.relative(process.cwd(), outDir) || outDir}\n`);
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("Replay the paper's released transcripts and compare peerwatch's detectors with the paper's evaluation")
    .argument('<file...>', 'transcript files: .json (the study’s transcript format), .jsonl, or .parquet (the released dataset)')
    .option('--task-type <type>', 'task type for transcripts whose metadata and path name none (tampering, exfiltration_transfer, …)', taskType)
    .option('--scenarios <dir>', 'also load the scenario files of this folder')
    .option('-o, --out <dir>', 'also write the replayed trials as a run folder inside this folder')
    .option('--json', 'print the report as JSON on stdout')
    .action(importCommand);
}
