import { GRADE_BANDS } from '@pt/contracts';
import {
  ASSESSMENT_TEMPLATES,
  EARLY_LEARNING_GOALS,
  goodLevelOfDevelopment,
  templateByKey,
  templateCoversYear,
} from './assessment-templates';

const template = (key: string) => {
  const found = templateByKey(key);
  if (!found) throw new Error(`no template ${key}`);
  return found;
};

describe('the ready assessment templates', () => {
  it('have unique keys, a scale, measures and at least one source each', () => {
    const keys = ASSESSMENT_TEMPLATES.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of ASSESSMENT_TEMPLATES) {
      expect(t.sources.length).toBeGreaterThan(0);
      expect(t.measures.length).toBeGreaterThan(0);
      expect(t.scale.kind === 'range' ? t.scale.range : t.scale.grades.length).toBeTruthy();
    }
  });

  it('order grades lowest first: the points never fall and every band is a known band', () => {
    for (const t of ASSESSMENT_TEMPLATES) {
      const scored = t.scale.grades.filter((grade) => grade.points !== null);
      scored.slice(1).forEach((grade, i) => expect(grade.points!).toBeGreaterThan(scored[i].points!));
      for (const grade of scored) expect(GRADE_BANDS).toContain(grade.band);
      expect(new Set(t.scale.grades.map((grade) => grade.code)).size).toBe(t.scale.grades.length);
    }
  });

  it('KS2 scaled scores run 80–120 with the expected standard at 100 and the high score at 110', () => {
    expect(template('ks2-scaled-scores').scale.range).toEqual({ min: 80, max: 120, expected: 100, high: 110 });
  });

  it('phonics is out of 40 with a threshold of 32; the MTC is out of 25 with no pass mark', () => {
    expect(template('phonics-screening-check').scale.range).toEqual({ min: 0, max: 40, expected: 32, high: null });
    expect(template('multiplication-tables-check').scale.range).toEqual({
      min: 0,
      max: 25,
      expected: null,
      high: null,
    });
  });

  it('GCSE runs U, 1 … 9 with 4 the standard pass and 5 the strong pass', () => {
    const grades = template('gcse-9-1').scale.grades;
    expect(grades.map((grade) => grade.code)).toEqual(['U', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(grades.find((grade) => grade.code === '4')?.label).toMatch(/standard pass/);
    expect(grades.find((grade) => grade.code === '5')?.label).toMatch(/strong pass/);
    expect(grades.find((grade) => grade.code === '4')?.band).toBe('expected');
  });

  it('steps are emerging, developing, secure, mastery in order', () => {
    expect(template('steps').scale.grades.map((grade) => grade.label)).toEqual([
      'Emerging',
      'Developing',
      'Secure',
      'Mastery',
    ]);
  });

  it('the TA codes are versioned by year: the 2024 set from 2023/24, the older set up to 2022/23', () => {
    const current = template('ks2-ta-2024');
    const older = template('ks1-ks2-ta-pre-2024');
    expect(current.scale.grades.map((grade) => grade.code)).toEqual(
      expect.arrayContaining(['GDS', 'EXS', 'WTS', 'PK1', 'PK6', 'EM', 'A', 'L', 'F', 'P']),
    );
    expect(older.scale.grades.map((grade) => grade.code)).toEqual(
      expect.arrayContaining(['BLW', 'PKF', 'PKE', 'PKG', 'HNW', 'WTS', 'EXS', 'GDS']),
    );
    expect(templateCoversYear(current, '2026/27')).toBe(true);
    expect(templateCoversYear(current, '2022/23')).toBe(false);
    expect(templateCoversYear(older, '2022/23')).toBe(true);
    expect(templateCoversYear(older, '2023/24')).toBe(false);
  });

  it('Reception has the 17 early learning goals, emerging (1) or expected (2), and states the GLD rule', () => {
    const eyfs = template('eyfs-elg');
    expect(eyfs.measures).toHaveLength(17);
    expect(eyfs.scale.grades.map((grade) => [grade.code, grade.label])).toEqual([
      ['1', 'Emerging'],
      ['2', 'Expected'],
    ]);
    expect(eyfs.rules.join(' ')).toMatch(/12 goals/);
  });
});

describe('the good level of development', () => {
  const all = (value: string) => Object.fromEntries(EARLY_LEARNING_GOALS.map((elg) => [elg.goal, value]));

  it('counts the 12 goals of the prime areas, literacy and mathematics', () => {
    expect(EARLY_LEARNING_GOALS.filter((elg) => elg.gld)).toHaveLength(12);
  });

  it('is reached with expected in all 12, whatever the other five goals', () => {
    const results = all('2');
    for (const elg of EARLY_LEARNING_GOALS.filter((goal) => !goal.gld)) results[elg.goal] = '1';
    expect(goodLevelOfDevelopment(results)).toBe(true);
  });

  it('is not reached when one GLD goal is emerging or missing', () => {
    expect(goodLevelOfDevelopment({ ...all('2'), Writing: '1' })).toBe(false);
    const missing = all('2');
    delete missing['Number'];
    expect(goodLevelOfDevelopment(missing)).toBe(false);
  });
});
