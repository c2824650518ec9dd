import { detectorNames } from '../detect/index.ts';
import {
  builtInScenarioDirectory,
  loadScenarioDirectory,
  type Scenario,
  type ScenarioVocabulary,
} from '../scenario/index.ts';
import { formatAllowed, UsageError } from '../util/index.ts';
import { toolNames } from '../world/index.ts';

/** Tool and detector names scenario files may use. */
export function scenarioVocabulary(): ScenarioVocabulary {
  return { tools: toolNames(), detectors: detectorNames() };
}

/**
 * The scenarios a command works on: the built-in suite, plus the user's folder (`--scenarios DIR`), whose files
 * replace built-in scenarios of the same id.
 */
export function loadSuite(options: { scenariosDirectory?: string }): Scenario[] {
  const vocabulary = scenarioVocabulary();
  const builtIn = loadScenarioDirectory({ directory: builtInScenarioDirectory, vocabulary });
  if (options.scenariosDirectory === undefined) return builtIn;
  const user = loadScenarioDirectory({ directory: options.scenariosDirectory, vocabulary });
  const byId = new Map(builtIn.map((scenario) => [scenario.id, scenario]));
  for (const scenario of user) byId.set(scenario.id, scenario);
  return [...byId.values()];
}

/** Picks scenarios by id; unknown ids are a usage error listing the known ones. */
export function selectScenarios(options: { suite: Scenario[]; ids: string[] }): Scenario[] {
  if (options.ids.length === 0) return options.suite;
  return options.ids.map((id) => {
    const scenario = options.suite.find((candidate) => candidate.id === id);
    if (scenario === undefined) {
      throw new UsageError({ message: `unknown scenario "${id}"; allowed: ${formatAllowed(options.suite.map((entry) => entry.id))}` });
    }
    return scenario;
  });
}
