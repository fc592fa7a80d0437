import { UserAccount } from './user.entity';
import { normaliseProfile, toAccessReviewEntry } from './user-view';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const DAY = 86_400_000;
const inactiveBefore = new Date(NOW - 90 * DAY);

function account(overrides: Partial<UserAccount>): UserAccount {
  return Object.assign(new UserAccount(), {
    id: 'u',
    username: 'u',
    firstName: 'F',
    lastName: 'L',
    roles: ['teacher'],
    createdAt: new Date(NOW - 365 * DAY),
    ...overrides,
  });
}

describe('access review flags (P8)', () => {
  it('flags an active account with no sign-in for N days', () => {
    expect(
      toAccessReviewEntry(account({ status: 'active', lastSignInAt: new Date(NOW - 91 * DAY) }), inactiveBefore).flags,
    ).toEqual(['inactive']);
    expect(
      toAccessReviewEntry(account({ status: 'active', lastSignInAt: new Date(NOW - 89 * DAY) }), inactiveBefore).flags,
    ).toEqual([]);
  });

  it('counts an account never used from its creation, so a new one is not flagged inactive', () => {
    const fresh = account({ status: 'active', lastSignInAt: null, createdAt: new Date(NOW - DAY) });
    expect(toAccessReviewEntry(fresh, inactiveBefore).flags).toEqual(['never_signed_in']);
    const stale = account({ status: 'active', lastSignInAt: null });
    expect(toAccessReviewEntry(stale, inactiveBefore).flags).toEqual(['inactive', 'never_signed_in']);
  });

  it('flags a pending invitation, and nothing on a deactivated account', () => {
    expect(toAccessReviewEntry(account({ status: 'invited' }), inactiveBefore).flags).toEqual([
      'never_signed_in',
      'invitation_pending',
    ]);
    expect(toAccessReviewEntry(account({ status: 'deactivated' }), inactiveBefore).flags).toEqual([]);
  });
});

describe('profile normalisation (P1)', () => {
  it('trims, lower-cases logins, and stores blank optional fields as null', () => {
    expect(
      normaliseProfile({
        firstName: ' Ada ',
        username: 'A.Lovelace',
        email: 'Ada@School.TEST',
        jobTitle: '  ',
        title: null,
      }),
    ).toEqual({ firstName: 'Ada', username: 'a.lovelace', email: 'ada@school.test', jobTitle: null, title: null });
  });
});
