import { ScaleRule } from '../results/result-value';
import { StraightLineRule } from '@pt/contracts';
import { bandOf, expectedBandOnTrack, pathProgress, straightLineOnTrack } from './on-track';

const path: StraightLineRule = { kind: 'straight-line', baselinePointId: 'p0', targetKind: 'minimum', tolerance: 2 };

describe('on-track by straight-line path', () => {
  it('is on track when the result is within the tolerance of the path, with every figure that decided it', () => {
    const verdict = straightLineOnTrack(path, {
      baselinePoints: 90,
      targetPoints: 110,
      actualPoints: 98,
      progress: 0.5,
    });
    expect(verdict).toEqual({
      onTrack: true,
      rule: path,
      figures: {
        baselinePoints: 90,
        targetPoints: 110,
        progress: 0.5,
        expectedPoints: 100,
        actualPoints: 98,
        tolerance: 2,
      },
    });
  });

  it('is off track when the result is further below the path than the tolerance', () => {
    expect(
      straightLineOnTrack(path, { baselinePoints: 90, targetPoints: 110, actualPoints: 97.9, progress: 0.5 }).onTrack,
    ).toBe(false);
  });

  it('is on track above the path, and at the baseline point expects the baseline', () => {
    expect(
      straightLineOnTrack(path, { baselinePoints: 90, targetPoints: 110, actualPoints: 115, progress: 0.5 }).onTrack,
    ).toBe(true);
    const atStart = straightLineOnTrack(path, { baselinePoints: 90, targetPoints: 110, actualPoints: 88, progress: 0 });
    expect(atStart).toMatchObject({ onTrack: true, figures: { expectedPoints: 90 } });
  });

  it('gives no verdict, saying what is missing, instead of guessing', () => {
    const base = { baselinePoints: 90, targetPoints: 110, actualPoints: 100, progress: 0.5 };
    expect(straightLineOnTrack(path, { ...base, baselinePoints: null })).toEqual({
      onTrack: null,
      rule: path,
      missing: 'baseline',
    });
    expect(straightLineOnTrack(path, { ...base, targetPoints: null })).toMatchObject({ missing: 'target' });
    expect(straightLineOnTrack(path, { ...base, actualPoints: null })).toMatchObject({ missing: 'result-points' });
    expect(straightLineOnTrack(path, { ...base, progress: null })).toMatchObject({ missing: 'dates' });
  });
});

describe('a point’s progress along the path by date', () => {
  it('is the fraction of the days from the baseline point to the last point', () => {
    expect(pathProgress('2026-09-01', '2026-09-01', '2027-07-01')).toBe(0);
    expect(pathProgress('2026-09-01', '2027-07-01', '2027-07-01')).toBe(1);
    expect(pathProgress('2026-09-01', '2026-09-11', '2026-09-21')).toBe(0.5);
  });

  it('is clamped to 0–1 and copes with a baseline that is the last point', () => {
    expect(pathProgress('2026-09-01', '2026-08-01', '2027-07-01')).toBe(0);
    expect(pathProgress('2026-09-01', '2027-08-01', '2027-07-01')).toBe(1);
    expect(pathProgress('2027-07-01', '2027-07-01', '2027-07-01')).toBe(1);
    expect(pathProgress('nonsense', '2027-07-01', '2027-07-01')).toBeNull();
  });
});

describe('on-track by the expected band at this point', () => {
  const steps: ScaleRule = {
    kind: 'grades',
    range: null,
    grades: [
      { code: 'EM', label: 'Emerging', points: 1, band: 'below' },
      { code: 'DEV', label: 'Developing', points: 2, band: 'towards' },
      { code: 'SEC', label: 'Secure', points: 3, band: 'expected' },
      { code: 'MAS', label: 'Mastery', points: 4, band: 'above' },
      { code: 'A', label: 'Absent', points: null, band: null },
    ],
  };
  const ks2: ScaleRule = { kind: 'range', grades: [], range: { min: 80, max: 120, expected: 100, high: 110 } };

  it('reads a grade’s band, or a range value’s band from the expected standard and high score', () => {
    expect(bandOf(steps, 'DEV')).toBe('towards');
    expect(bandOf(steps, 'A')).toBeNull();
    expect(bandOf(ks2, '99')).toBe('below');
    expect(bandOf(ks2, '100')).toBe('expected');
    expect(bandOf(ks2, '110')).toBe('above');
    expect(bandOf({ ...ks2, range: { min: 0, max: 25, expected: null, high: null } }, '20')).toBeNull();
  });

  it('is on track at expected or above, with the band as its figure', () => {
    const rule = { kind: 'expected-band' as const };
    expect(expectedBandOnTrack(rule, 'expected')).toEqual({ onTrack: true, rule, figures: { band: 'expected' } });
    expect(expectedBandOnTrack(rule, 'above').onTrack).toBe(true);
    expect(expectedBandOnTrack(rule, 'towards').onTrack).toBe(false);
    expect(expectedBandOnTrack(rule, null).onTrack).toBe(false);
  });
});
