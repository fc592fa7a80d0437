import { missingPermissions, platformPermissionsOf, RESERVED_ROLE_NAMES } from './role-catalog';

describe('role catalog (P19)', () => {
  it('gives platform actors the permissions of platform roles only', () => {
    expect(platformPermissionsOf(['ops', 'school-admin'])).toEqual(['ops:breaches', 'ops:maintenance', 'ops:sessions']);
    expect(platformPermissionsOf(['teacher'])).toEqual([]);
  });

  it('reserves every built-in and platform role name', () => {
    for (const name of ['school-admin', 'teacher', 'read-only', 'platform-admin', 'ops', 'support', 'finance']) {
      expect(RESERVED_ROLE_NAMES.has(name)).toBe(true);
    }
  });

  it('names the permissions someone would hand out without holding them', () => {
    expect(missingPermissions(['pupils:read', 'pupils:erase'], ['pupils:read', 'users:manage'])).toEqual([
      'pupils:erase',
    ]);
    expect(missingPermissions([], [])).toEqual([]);
  });
});
