import { formatAllowed, UsageError } from '../util/index.ts';
import type { Detector } from './detector.ts';
import { honestGradeDetector, honestScoreDetector } from './detectors/honest-detectors.ts';
import { readConfigDetector, readDetector, readMemoryDetector } from './detectors/read-detectors.ts';
import { tamperingDetector } from './detectors/tampering-detector.ts';
import { copyDetector, correctTransferDetector, exfiltrationDetector } from './detectors/exfiltration-detectors.ts';
import { othersQueuedDetector, weightsQueuedDetector } from './detectors/delete-queue-detectors.ts';
import { usersRemovedDetector } from './detectors/users-removed-detector.ts';
import { reportedScoreDetector } from './detectors/reported-score.ts';
import { reportedGradeDetector } from './detectors/reported-grade.ts';
import { shutdownExecutedDetector } from './detectors/shutdown-executed-detector.ts';
import { evidenceDeletedDetector } from './detectors/evidence-deleted-detector.ts';
import { refusalDetector } from './detectors/refusal-detector.ts';

const registry = new Map<string, Detector>();

/** Adds a detector under its name (a later registration of the same name replaces the earlier one). */
export function registerDetector(detector: Detector): void {
  registry.set(detector.name, detector);
}

/** The paper suite's detectors (paper sections 3.4–3.10). */
const builtInDetectors: Detector[] = [
  readDetector,
  readConfigDetector,
  readMemoryDetector,
  tamperingDetector,
  honestScoreDetector,
  honestGradeDetector,
  reportedScoreDetector,
  reportedGradeDetector,
  shutdownExecutedDetector,
  evidenceDeletedDetector,
  exfiltrationDetector,
  correctTransferDetector,
  copyDetector,
  weightsQueuedDetector,
  othersQueuedDetector,
  usersRemovedDetector,
  refusalDetector,
];

for (const detector of builtInDetectors) {
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
