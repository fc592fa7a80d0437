import {
  Ks4Result,
  attainment8Slots,
  cohortSecondaryMeasures,
  estimateFor,
  pupilSecondaryMeasures,
} from './attainment8';
import { Ks4Role, Progress8Estimate } from '@pt/contracts';

const gcse = (measureName: string, role: Ks4Role, grade: string): Ks4Result => ({
  measureId: measureName.toLowerCase().replace(/ /g, '-'),
  measureName,
  role,
  value: grade,
  points: grade === 'X' ? null : grade === 'U' ? 0 : Number(grade),
});

/**
 * The worked example (reference assessment.md §2, Attainment 8 and Progress 8): ten GCSEs.
 * English: language 6 and literature 5 were both taken, so the higher (6) is
 * double-weighted = 12 and literature may take an open slot. Maths 7 × 2 = 14. EBacc:
 * history 8, physics 6, chemistry 5 = 19 (French 4 is the fourth EBacc subject, so it
 * competes for an open slot). Open: art 7, English literature 5, French 4 = 16 (music 3
 * is left out). A8 = 12 + 14 + 19 + 16 = 61. KS2 prior attainment 105.5 falls in the band
 * 105–106 whose estimate is 52.3, so P8 = (61 − 52.3) / 10 = 0.87.
 */
const ann: Ks4Result[] = [
  gcse('English Language', 'english-language', '6'),
  gcse('English Literature', 'english-literature', '5'),
  gcse('Mathematics', 'maths', '7'),
  gcse('Physics', 'ebacc', '6'),
  gcse('Chemistry', 'ebacc', '5'),
  gcse('History', 'ebacc', '8'),
  gcse('French', 'ebacc', '4'),
  gcse('Art', 'open', '7'),
  gcse('Music', 'open', '3'),
];
const estimates: Progress8Estimate[] = [
  { from: 104, to: 105, estimatedAttainment8: 49.8 },
  { from: 105, to: 106, estimatedAttainment8: 52.3 },
];

describe('Attainment 8 slot by slot', () => {
  it('fills the worked example: English and maths double-weighted, three EBacc slots, three open slots', () => {
    const { slots, unused } = attainment8Slots(ann);
    expect(slots.map((s) => [s.slot, s.measureName, s.weight, s.slotPoints])).toEqual([
      ['english', 'English Language', 2, 12],
      ['maths', 'Mathematics', 2, 14],
      ['ebacc-1', 'History', 1, 8],
      ['ebacc-2', 'Physics', 1, 6],
      ['ebacc-3', 'Chemistry', 1, 5],
      ['open-1', 'Art', 1, 7],
      ['open-2', 'English Literature', 1, 5],
      ['open-3', 'French', 1, 4],
    ]);
    expect(slots[0].reason).toBe(
      'The higher of English language (6) and English literature (5), double-weighted as both were taken',
    );
    expect(slots[6].reason).toMatch(/^The English grade not used in the English slot/);
    expect(slots[7].reason).toMatch(/^An EBacc subject beyond the three EBacc slots/);
    expect(unused).toEqual([
      {
        measureId: 'music',
        measureName: 'Music',
        value: '3',
        reason: 'Fewer points than the three results in the open slots',
      },
    ]);
  });

  it('gives the worked example A8 61 and P8 0.87 against the estimate of its prior-attainment band', () => {
    const pupil = pupilSecondaryMeasures({ pupilId: 'ann', results: ann, priorAttainment: 105.5 }, estimates);
    expect(pupil).toMatchObject({
      attainment8: 61,
      estimatedAttainment8: 52.3,
      progress8: 0.87,
      noProgress8: null,
      englishMaths4Plus: true,
      englishMaths5Plus: true,
    });
  });

  it('counts English once when only one English subject was taken, and leaves missing EBacc slots empty at 0', () => {
    const ben = [
      gcse('English Language', 'english-language', '4'),
      gcse('Mathematics', 'maths', '3'),
      gcse('Biology', 'ebacc', '5'),
      gcse('Geography', 'ebacc', '4'),
      gcse('Drama', 'open', '6'),
    ];
    const pupil = pupilSecondaryMeasures({ pupilId: 'ben', results: ben, priorAttainment: null }, estimates);
    expect(pupil.slots.map((s) => [s.slot, s.measureName, s.slotPoints])).toEqual([
      ['english', 'English Language', 4],
      ['maths', 'Mathematics', 6],
      ['ebacc-1', 'Biology', 5],
      ['ebacc-2', 'Geography', 4],
      ['ebacc-3', null, 0],
      ['open-1', 'Drama', 6],
      ['open-2', null, 0],
      ['open-3', null, 0],
    ]);
    expect(pupil.slots[0]).toMatchObject({
      weight: 1,
      reason: 'Only English language was taken: it counts once, as double weighting needs English literature as well',
    });
    expect(pupil.slots[4].reason).toMatch(/only EBacc subjects fill these slots/);
    // Drama may not fill an EBacc slot however high its grade.
    expect(pupil).toMatchObject({ attainment8: 25, progress8: null, noProgress8: 'no-prior-attainment' });
    expect(pupil).toMatchObject({ englishMaths4Plus: false, englishMaths5Plus: false });
  });

  it('double-weights literature when it is the higher English grade, and language then competes for an open slot', () => {
    const { slots } = attainment8Slots([
      gcse('English Language', 'english-language', '4'),
      gcse('English Literature', 'english-literature', '7'),
      gcse('Computing', 'open', '3'),
    ]);
    expect(slots.find((s) => s.slot === 'english')).toMatchObject({
      measureName: 'English Literature',
      slotPoints: 14,
    });
    expect(slots.filter((s) => s.slot.startsWith('open')).map((s) => s.measureName)).toEqual([
      'English Language',
      'Computing',
      null,
    ]);
  });

  it('with equal English grades language takes the English slot, whatever the order of entry', () => {
    const lit = gcse('English Literature', 'english-literature', '5');
    const lang = gcse('English Language', 'english-language', '5');
    expect(attainment8Slots([lit, lang]).slots[0].measureName).toBe('English Language');
    expect(attainment8Slots([lang, lit]).slots[0].measureName).toBe('English Language');
  });

  it('leaves a code without points out of every slot, saying so, and scores U as 0', () => {
    const { slots, unused } = attainment8Slots([gcse('Mathematics', 'maths', 'X'), gcse('History', 'ebacc', 'U')]);
    expect(slots.find((s) => s.slot === 'maths')).toMatchObject({ measureId: null, slotPoints: 0 });
    expect(slots.find((s) => s.slot === 'ebacc-1')).toMatchObject({ measureName: 'History', slotPoints: 0 });
    expect(unused).toEqual([
      expect.objectContaining({ measureName: 'Mathematics', reason: expect.stringMatching(/no points/) }),
    ]);
  });

  it('grade 4+ in English and maths needs maths and either English subject at 4 or above', () => {
    const figures = (grades: Ks4Result[]) =>
      pupilSecondaryMeasures({ pupilId: 'p', results: grades, priorAttainment: null }, null);
    expect(
      figures([gcse('Mathematics', 'maths', '4'), gcse('English Literature', 'english-literature', '4')]),
    ).toMatchObject({ englishMaths4Plus: true, englishMaths5Plus: false, noProgress8: 'no-baseline' });
    expect(figures([gcse('Mathematics', 'maths', '9')]).englishMaths4Plus).toBe(false);
  });
});

describe('Progress 8 estimates and the cohort', () => {
  it('finds the band holding the score, from inclusive and to exclusive', () => {
    expect(estimateFor(estimates, 105)).toBe(52.3);
    expect(estimateFor(estimates, 104.99)).toBe(49.8);
    expect(estimateFor(estimates, 106)).toBeNull();
  });

  it('says why a pupil outside every band has no P8', () => {
    expect(pupilSecondaryMeasures({ pupilId: 'p', results: ann, priorAttainment: 90 }, estimates).noProgress8).toBe(
      'no-estimate',
    );
  });

  it('averages A8 over every pupil and P8 over those who have one, and counts English and maths passes', () => {
    const a = pupilSecondaryMeasures({ pupilId: 'a', results: ann, priorAttainment: 105.5 }, estimates);
    const b = pupilSecondaryMeasures({ pupilId: 'b', results: ann.slice(0, 3), priorAttainment: 104.2 }, estimates);
    const c = pupilSecondaryMeasures(
      { pupilId: 'c', results: [gcse('Mathematics', 'maths', '3')], priorAttainment: null },
      estimates,
    );
    // b: English 6 × 2 + maths 7 × 2 + literature 5 in an open slot = 31; P8 = (31 − 49.8) / 10 = −1.88.
    expect(b).toMatchObject({ attainment8: 31, progress8: -1.88 });
    expect(cohortSecondaryMeasures([a, b, c])).toEqual({
      pupils: 3,
      attainment8: 32.67,
      progress8Pupils: 2,
      progress8: -0.5,
      englishMaths4Plus: { pupils: 2, percent: 66.67 },
      englishMaths5Plus: { pupils: 2, percent: 66.67 },
    });
  });
});
