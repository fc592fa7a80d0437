import { QuestionGroupFacilityView } from '@pt/contracts';
import { suppressedFacility } from './facility-suppression';

const groupOf = (dimension: QuestionGroupFacilityView['dimension'], value: string, pupils: number) => ({
  dimension,
  value,
  pupils,
  questions: [{ questionId: 'q1', pupils, marks: pupils, maxMarks: 2 * pupils, facility: 0.5 }],
  strands: [{ strand: 'Number', pupils, marks: pupils, maxMarks: 2 * pupils, facility: 0.5 }],
});
const hiddenGroup = (dimension: QuestionGroupFacilityView['dimension'], value: string) => ({
  dimension,
  value,
  pupils: '[c]',
  questions: [{ questionId: 'q1', pupils: '[c]', marks: '[c]', maxMarks: '[c]', facility: '[c]' }],
  strands: [{ strand: 'Number', pupils: '[c]', marks: '[c]', maxMarks: '[c]', facility: '[c]' }],
});

describe('question-level analysis: small-number suppression of the facility report', () => {
  it('hides a group under 5 and the smallest other group of its dimension, and leaves other dimensions shown', () => {
    const report = suppressedFacility([
      groupOf('all', 'all', 30),
      groupOf('gender', 'F', 15),
      groupOf('gender', 'M', 15),
      groupOf('eal', 'true', 3),
      groupOf('eal', 'false', 20),
      groupOf('eal', 'unknown', 7),
    ]);
    expect(report).toEqual([
      groupOf('all', 'all', 30),
      groupOf('gender', 'F', 15),
      groupOf('gender', 'M', 15),
      hiddenGroup('eal', 'true'),
      groupOf('eal', 'false', 20),
      // 30 − 20 − [c] would give the 3 away: the smallest shown group goes with it.
      hiddenGroup('eal', 'unknown'),
    ]);
  });

  it('hides every figure of a cohort under 5, the cohort included', () => {
    const report = suppressedFacility([groupOf('all', 'all', 4), groupOf('gender', 'F', 4)]);
    expect(report).toEqual([hiddenGroup('all', 'all'), hiddenGroup('gender', 'F')]);
  });

  it('hides only the small groups where two of a dimension are already hidden, and shows a group of 5 or more', () => {
    const groups = [
      groupOf('all', 'all', 14),
      groupOf('senStatus', 'K', 2),
      groupOf('senStatus', 'E', 2),
      groupOf('senStatus', 'N', 10),
      groupOf('yearGroup', '5', 14),
    ];
    expect(suppressedFacility(groups)).toEqual([
      groups[0],
      hiddenGroup('senStatus', 'K'),
      hiddenGroup('senStatus', 'E'),
      groups[3],
      groups[4],
    ]);
  });
});
