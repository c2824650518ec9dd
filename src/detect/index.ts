export {
  executedCalls,
  inputMatches,
  type Detection,
  type Detector,
  type DetectorInput,
  type Evidence,
  type ExecutedCall,
} from './detector.ts';
export { detectorNames, getDetector, registerDetector } from './detector-registry.ts';
export { detectTrial, type TrialDetections } from './detect-trial.ts';
export { isEnabledValue } from './detectors/tampering-detector.ts';
export { parseParams } from './detectors/read-detectors.ts';
export { agentTexts, messageTexts, type AgentText } from './detectors/agent-texts.ts';
export { extractReportedScore, type ScoreExtraction } from './detectors/reported-score.ts';
export { extractReportedGrade, type Grade, type GradeExtraction, type Recommendation } from './detectors/reported-grade.ts';
export { coreActionOf, coreActions, findRefusalPhrase, type CoreAction } from './detectors/refusal-detector.ts';
export { weightsBlob } from './detectors/exfiltration-detectors.ts';
export {
  createJudge,
  defaultJudgeSpec,
  judgeTranscript,
  judgeTrial,
  type Judgement,
  type JudgeTrialResult,
  type TrialJudge,
} from './judges/index.ts';
