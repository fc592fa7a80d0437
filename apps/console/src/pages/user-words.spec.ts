import { SCHOOL_PERMISSIONS } from '@pt/contracts/identity/permissions';
import { grantClock, orderedRoles, PERMISSION_WORDS, permissionsInWords, personName, roleName } from './user-words';

describe('console: users, roles and support access in words', () => {
  it('says every school permission in words, each its own', () => {
    const words = SCHOOL_PERMISSIONS.map((p) => PERMISSION_WORDS[p]);
    expect(words.every((w) => typeof w === 'string' && w.length > 0 && !w.includes(':'))).toBe(true);
    expect(new Set(words).size).toBe(words.length);
  });

  it('lists a role’s permissions in the catalogue’s order, once each, keeping unknown ones by name', () => {
    expect(permissionsInWords(['reports:read', 'pupils:read', 'made:up', 'pupils:read'])).toEqual([
      'See pupils and their details',
      'See and download reports',
      'made:up',
    ]);
    expect(permissionsInWords([])).toEqual([]);
  });

  it('names built-in roles in words and a school’s own roles as they are', () => {
    expect(roleName('school-admin')).toBe('School admin');
    expect(roleName('read-only')).toBe('Read only');
    expect(roleName('head-of-year')).toBe('head-of-year');
  });

  it('keeps roles in the catalogue’s order whatever order they were ticked in', () => {
    const catalogue = ['school-admin', 'senior-leader', 'teacher', 'office', 'pastoral'];
    expect(orderedRoles(['office', 'teacher'], catalogue)).toEqual(['teacher', 'office']);
    expect(orderedRoles(['gone', 'pastoral', 'school-admin'], catalogue)).toEqual(['school-admin', 'pastoral', 'gone']);
  });

  it('puts a title before the names only when there is one', () => {
    expect(personName({ title: 'Ms', firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ms Ada Lovelace');
    expect(personName({ title: null, firstName: 'Ada', lastName: 'Lovelace' })).toBe('Ada Lovelace');
  });

  describe('a support grant’s clock', () => {
    const now = Date.parse('2026-12-07T12:00:00.000Z');
    it('says how long an active grant has left', () => {
      expect(grantClock({ expiresAt: '2026-12-07T15:20:00.000Z', revokedAt: null }, now)).toEqual({
        state: 'active',
        words: 'Ends in 3 hours 20 minutes',
      });
      expect(grantClock({ expiresAt: '2026-12-14T12:00:00.000Z', revokedAt: null }, now).words).toBe('Ends in 7 days');
    });
    it('says how long ago it expired, or was revoked (revoked wins over expiry)', () => {
      expect(grantClock({ expiresAt: '2026-12-05T12:00:00.000Z', revokedAt: null }, now)).toEqual({
        state: 'expired',
        words: 'Expired 2 days ago',
      });
      expect(grantClock({ expiresAt: '2026-12-05T12:00:00.000Z', revokedAt: '2026-12-04T11:00:00.000Z' }, now)).toEqual(
        { state: 'revoked', words: 'Revoked 3 days 1 hour ago' },
      );
      expect(
        grantClock({ expiresAt: '2026-12-08T12:00:00.000Z', revokedAt: '2026-12-07T11:59:40.000Z' }, now).words,
      ).toBe('Revoked under a minute ago');
    });
  });
});
