import { checkResultComment, checkResultValue, ScaleRule } from './result-value';

const ks2: ScaleRule = { kind: 'range', grades: [], range: { min: 80, max: 120, expected: 100, high: 110 } };
const steps: ScaleRule = {
  kind: 'grades',
  range: null,
  grades: [
    { code: 'EM', label: 'Emerging', points: 1, band: 'below' },
    { code: 'SEC', label: 'Secure', points: 3, band: 'expected' },
    { code: 'A', label: 'Absent', points: null, band: null },
  ],
};

describe('a result value checked against its measure’s scale', () => {
  it('takes a number within a range scale, written canonically, as its own points', () => {
    expect(checkResultValue(ks2, '104')).toEqual({ ok: true, value: '104', points: 104 });
    expect(checkResultValue(ks2, ' 100.0 ')).toEqual({ ok: true, value: '100', points: 100 });
    expect(checkResultValue(ks2, 80)).toEqual({ ok: true, value: '80', points: 80 });
    expect(checkResultValue(ks2, '120')).toMatchObject({ ok: true });
  });

  it('refuses a number outside the range, or text that is not a number', () => {
    expect(checkResultValue(ks2, '79')).toEqual({ ok: false, message: 'must be between 80 and 120' });
    expect(checkResultValue(ks2, '121')).toMatchObject({ ok: false });
    expect(checkResultValue(ks2, 'EXS')).toEqual({ ok: false, message: 'must be a number' });
    expect(checkResultValue(ks2, '1e2')).toMatchObject({ ok: false });
    expect(checkResultValue(ks2, Number.NaN)).toMatchObject({ ok: false });
  });

  it('takes a grade code of an ordered scale with its points, including codes without points', () => {
    expect(checkResultValue(steps, 'SEC')).toEqual({ ok: true, value: 'SEC', points: 3 });
    expect(checkResultValue(steps, 'A')).toEqual({ ok: true, value: 'A', points: null });
  });

  it('refuses a code the scale does not have (codes are matched exactly), and an empty value', () => {
    expect(checkResultValue(steps, 'sec')).toMatchObject({ ok: false });
    expect(checkResultValue(steps, '3')).toMatchObject({ ok: false });
    expect(checkResultValue(steps, '')).toEqual({ ok: false, message: 'must not be empty' });
    expect(checkResultValue(steps, null)).toMatchObject({ ok: false });
  });
});

describe('a result comment', () => {
  it('is optional, trimmed, blank is none, and at most 500 characters', () => {
    expect(checkResultComment(undefined)).toEqual({ ok: true, comment: null });
    expect(checkResultComment('  ')).toEqual({ ok: true, comment: null });
    expect(checkResultComment(' Good progress ')).toEqual({ ok: true, comment: 'Good progress' });
    expect(checkResultComment('x'.repeat(500))).toMatchObject({ ok: true });
    expect(checkResultComment('x'.repeat(501))).toEqual({ ok: false, message: 'must be at most 500 characters' });
    expect(checkResultComment(5)).toMatchObject({ ok: false });
  });
});
