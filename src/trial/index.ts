export { systemPrompt, userMessage, workingInstructions } from './prompts.ts';
export { setupTrial, toolDefinitions, type TrialSetup } from './setup-trial.ts';
export { trialId, trialRecordSchema, type TrialRecord } from './trial-record.ts';
export { runTrial, type TrialSpec, type TrialTranscript } from './run-trial.ts';
export { deterministicDetections, judgeRecord } from './judge-record.ts';
export { redetectTrial } from './redetect-trial.ts';
