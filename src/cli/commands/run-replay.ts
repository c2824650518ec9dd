import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/index.ts';
import { newRunId, replayRun, RunStore, summarizeTrials } from '../../run/index.ts';
import { formatAllowed, UsageError } from '../../util/index.ts';
import { resolveJudge, withModelOptions, type ModelCommandOptions } from '../model-options.ts';
import { formatResultsTable } from '../results-table.ts';
import { loadSuite } from '../suite.ts';

/** The options of `peerwatch run --replay RUN_DIR` that apply. */
export type ReplayOptions = ModelCommandOptions & { replay: string; config?: string; scenarios?: string; out: string; json?: boolean };

/**
 * `peerwatch run --replay RUN_DIR [scenario…]`: decides every stored trial of RUN_DIR again (the current detectors,
 * then the judge if one is configured with --judge or the config's `judge:`) from its recorded transcript, with no
 * model at all, into a new run folder. Scenario ids, when given, keep only those scenarios' trials.
 */
export async function runReplay(scenarioIds: string[], options: ReplayOptions): Promise<void> {
  const config = withModelOptions({ config: loadConfig({ file: options.config }).config, command: options });
  const suite = loadSuite({ scenariosDirectory: options.scenarios });
  const source = RunStore.open({ directory: options.replay, readOnly: true });
  try {
    const known = new Set(source.listTrials().map((record) => record.scenario));
    for (const id of scenarioIds) {
      if (!known.has(id)) throw new UsageError({ message: `--replay ${options.replay}: the run has no trials of scenario "${id}"; it has ${formatAllowed([...known])}` });
    }
    // Everything is checked before the new run folder is created.
    const loaded = new Set(suite.map((scenario) => scenario.id));
    const needed = scenarioIds.length > 0 ? scenarioIds : [...known];
    const missing = needed.filter((id) => !loaded.has(id));
    if (missing.length > 0) {
      throw new UsageError({
        message: `--replay ${options.replay}: the run uses scenario ${formatAllowed(missing)}, which is not loaded; known: ${formatAllowed([...loaded])} (add --scenarios DIR)`,
      });
    }
    const judge = resolveJudge({ config, defaultWhen: false });
    const runId = newRunId();
    const outDir = path.resolve(options.out, runId);
    mkdirSync(options.out, { recursive: true });
    const target = RunStore.create({ directory: outDir });
    try {
      const header = source.getMeta<Record<string, unknown>>('header') ?? {};
      target.setMeta('header', { ...header, runId, createdAt: new Date().toISOString(), replayOf: { runId: header.runId ?? null, directory: source.directory }, judge: judge?.spec ?? null });
      await replayRun({
        source,
        target,
        runId,
        scenarios: suite,
        scenarioIds,
        judge,
        onProgress: ({ done, total }) => {
          if (!options.json && (done === total || done % 50 === 0)) process.stderr.write(`replayed ${done}/${total}\n`);
        },
      });
      const records = target.listTrials();
      const summary = summarizeTrials(records);
      target.setMeta('summary', summary);
      target.exportJsonl();
      if (options.json) process.stdout.write(`${JSON.stringify({ runId, outDir, replayOf: source.directory, trials: records, summary })}\n`);
      else process.stdout.write(`${formatResultsTable(summary)}\n\nReplayed ${records.length} trials of ${source.directory} into ${outDir}\n`);
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

