import { describe, it } from 'node:test';
import { assertClose } from './__fixtures__/assert-close.ts';
import { studentTCdf, studentTQuantile } from './index.ts';

describe('Student t distribution', () => {
  it('CDF matches R pt, with fractional degrees of freedom', () => {
    assertClose({ actual: studentTCdf({ value: 2.1, degreesOfFreedom: 5 }), expected: 0.955123375057701, relative: 1e-12, label: 'pt(2.1, 5)' });
    assertClose({ actual: studentTCdf({ value: -3, degreesOfFreedom: 12.5 }), expected: 0.00531640575494832, relative: 1e-11, label: 'pt(-3, 12.5)' });
    assertClose({ actual: studentTCdf({ value: 1.5, degreesOfFreedom: 1000 }), expected: 0.933034980588957, relative: 1e-11, label: 'pt(1.5, 1000)' });
  });
  it('quantile matches R qt', () => {
    // qt(0.975, c(1, 4.3, 30))
    const cases: Array<[number, number]> = [
      [1, 12.70620473617469],
      [4.3, 2.70169489828223],
      [30, 2.04227245630124],
    ];
    for (const [degreesOfFreedom, expected] of cases) {
      assertClose({ actual: studentTQuantile({ probability: 0.975, degreesOfFreedom }), expected, relative: 1e-11, label: `qt(0.975, ${degreesOfFreedom})` });
    }
    assertClose({ actual: studentTQuantile({ probability: 0.025, degreesOfFreedom: 30 }), expected: -2.04227245630124, relative: 1e-11, label: 'qt(0.025, 30)' });
  });
});
