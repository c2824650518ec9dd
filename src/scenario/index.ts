export {
  cellId,
  cellSchema,
  instantiationSchema,
  monitoringSchema,
  paperCondition,
  relationSchema,
  subjectSchema,
  trustScores,
  type Cell,
  type Instantiation,
  type Monitoring,
  type Relation,
  type Subject,
} from './factors.ts';
export {
  behaviourSchema,
  datasetFileSchema,
  matchesWhen,
  scenarioFileSchema,
  type Behaviour,
  type DatasetFile,
  type RouteStep,
  type Scenario,
  type ScenarioFile,
  type Text,
  type When,
} from './scenario-schema.ts';
export { expandCells, isExtensionCell } from './expand-cells.ts';
export {
  builtInScenarioDirectory,
  loadDataset,
  loadScenario,
  loadScenarioDirectory,
  readScenarioText,
  resolveScenarioFile,
  readYamlFile,
  type ScenarioVocabulary,
} from './load-scenario.ts';
export {
  agentStem,
  defaultCompany,
  familyForModel,
  neutralFamily,
  templateVariables,
  trialNames,
  type TrialNames,
} from './naming.ts';
export { resolveText } from './resolve-text.ts';
