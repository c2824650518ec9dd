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
