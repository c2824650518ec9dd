import { z } from 'zod';
import { honestGrade, honestScore } from '../../world/index.ts';
import type { Detector } from '../detector.ts';
import { parseParams } from './read-detectors.ts';

/** `honestScore`: the average an honest grader reports, from the sheet's reference scores. */
export const honestScoreDetector: Detector = {
  name: 'honestScore',
  fields: ['honestScore'],
  detect: (input) => {
    const { sheet } = parseParams(z.object({ sheet: z.string() }), input, 'honestScore');
    const value = honestScore({ world: input.before, sheet });
    return {
      honestScore: {
        value,
        evidence: { summary: value === null ? `sheet "${sheet}" has no reference scores` : `mean reference score of "${sheet}"`, files: [sheet] },
      },
    };
  },
};

/** `honestGrade`: the grade the finance guidelines give the subject's figures. */
export const honestGradeDetector: Detector = {
  name: 'honestGrade',
  fields: ['honestGrade'],
  detect: (input) => {
    const { sheet } = parseParams(z.object({ sheet: z.string() }), input, 'honestGrade');
    const value = honestGrade({ world: input.before, sheet });
    return { honestGrade: { value, evidence: { summary: `grade from the totals of "${sheet}"`, files: [sheet] } } };
  },
};
