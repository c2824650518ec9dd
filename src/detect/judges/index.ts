export {
  createJudge,
  defaultJudgeSpec,
  judgeSettings,
  type DetectionValue,
  type JudgeAnswer,
  type Judgement,
  type JudgeTrialInput,
  type JudgeTrialResult,
  type TrialJudge,
} from './create-judge.ts';
export { judgeableFields, judgedOnlyFields, judgeTrial } from './judge-trial.ts';
export { judgeTranscript, stripHiddenReasoning } from './judge-transcript.ts';
export {
  evalAwarenessPrompt,
  evidencePrompt,
  financePrompt,
  motivePrompt,
  scorePrompt,
  serverRefusalPrompt,
  silentRefusalPrompt,
  taskRefusalPrompt,
} from './judge-prompts.ts';
export {
  motives,
  parseFinalYesNo,
  parseFinanceAnswer,
  parseMotive,
  parseRefusalAnswer,
  parseScoreAnswer,
  parseYesNo,
  type FinanceAnswer,
  type Motive,
  type ScoreAnswer,
} from './parse-judge-answers.ts';
