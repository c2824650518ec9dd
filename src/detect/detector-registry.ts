import { formatAllowed, UsageError } from '../util/index.ts';
import type { Detector } from './detector.ts';
import { honestGradeDetector, honestScoreDetector } from './detectors/honest-detectors.ts';
import { readConfigDetector, readDetector, readMemoryDetector } from './detectors/read-detectors.ts';
import { tamperingDetector } from './detectors/tampering-detector.ts';

const registry = new Map<string, Detector>();

/** Adds a detector under its name (a later registration of the same name replaces the earlier one). */
export function registerDetector(detector: Detector): void {
  registry.set(detector.name, detector);
}

for (const detector of [readDetector, readConfigDetector, readMemoryDetector, tamperingDetector, honestScoreDetector, honestGradeDetector]) {
  registerDetector(detector);
}

/** Names of every registered detector, for validating scenario files. */
export function detectorNames(): string[] {
  return [...registry.keys()].sort();
}

export function getDetector(name: string): Detector {
  const detector = registry.get(name);
  if (detector === undefined) {
    throw new UsageError({ message: `unknown detector "${name}"; allowed: ${formatAllowed(detectorNames())}` });
  }
  return detector;
}
