import { checkGive, checkWithdraw, isCalendarDate, toPupilConsents } from './consent-requests';
import { Consent } from '../pupils/consent.entity';

const TODAY = '2026-11-25';
const GUARDIAN = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('consent requests (P16)', () => {
  it('accepts a consent given by a guardian or by the pupil, today or earlier', () => {
    expect(
      checkGive({ pupilId: 'p', kind: 'special-category', givenBy: { type: 'guardian', guardianId: GUARDIAN } }, TODAY),
    ).toEqual([]);
    expect(checkGive({ pupilId: 'p', kind: 'photo-use', givenBy: { type: 'pupil' }, givenOn: TODAY }, TODAY)).toEqual(
      [],
    );
  });

  it('refuses a consent given by the school, an unknown kind, a future or impossible date, naming each field', () => {
    expect(
      checkGive({ pupilId: 'p', kind: 'marketing' as never, givenBy: { type: 'school' } as never }, TODAY),
    ).toEqual([
      { field: 'kind', message: 'must be one of special-category, photo-use' },
      { field: 'givenBy.type', message: 'must be one of guardian, pupil' },
    ]);
    expect(
      checkGive({ pupilId: 'p', kind: 'photo-use', givenBy: { type: 'pupil' }, givenOn: '2026-11-26' }, TODAY),
    ).toEqual([{ field: 'givenOn', message: 'must not be in the future' }]);
    expect(
      checkGive({ pupilId: 'p', kind: 'photo-use', givenBy: { type: 'pupil' }, givenOn: '2026-02-30' }, TODAY),
    ).toEqual([{ field: 'givenOn', message: 'must be a date (YYYY-MM-DD)' }]);
    expect(checkGive({ pupilId: 'p', kind: 'photo-use', givenBy: { type: 'guardian' } as never }, TODAY)).toEqual([
      expect.objectContaining({ field: 'givenBy.guardianId' }),
    ]);
  });

  it('lets the school withdraw, and bounds the reason', () => {
    expect(checkWithdraw({ pupilId: 'p', consentId: 'c', withdrawnBy: { type: 'school' } }, TODAY)).toEqual([]);
    expect(
      checkWithdraw({ pupilId: 'p', consentId: 'c', withdrawnBy: { type: 'pupil' }, reason: 'x'.repeat(2001) }, TODAY),
    ).toEqual([expect.objectContaining({ field: 'reason' })]);
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });

  it('shows the standing consent of each kind and the whole history', () => {
    const row = (id: string, kind: string, withdrawn: boolean) =>
      Object.assign(new Consent(), {
        id,
        pupilId: 'p',
        kind,
        givenByType: 'pupil',
        givenOn: '2026-09-01',
        recordedAt: new Date('2026-09-01T10:00:00Z'),
        ...(withdrawn
          ? {
              withdrawnByType: 'school',
              withdrawnOn: '2026-10-01',
              withdrawalRecordedAt: new Date('2026-10-01T10:00:00Z'),
            }
          : {}),
      });
    const view = toPupilConsents('p', [row('c3', 'special-category', false), row('c2', 'special-category', true)]);
    expect(view.current).toEqual({ 'special-category': expect.objectContaining({ id: 'c3' }), 'photo-use': null });
    expect(view.history.map((c) => [c.id, c.standing, c.withdrawal?.withdrawnBy.type ?? null])).toEqual([
      ['c3', true, null],
      ['c2', false, 'school'],
    ]);
  });
});
