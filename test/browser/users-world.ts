// The users browser test's own accounts (issue 18): school admins (one a test) and a teacher of the seeded
// school that no other spec signs in as, since a second sign-in of a user can end the first's
// session. Kept apart from global-setup.ts so the additions are one line there.
import type { World } from '@pt/testing';

/** What users.spec.ts finds in USERS_WORLD. */
export interface UsersWorld {
  admin: { username: string; name: string };
  /** The support-access test's own admin, so the two admin tests can run at once. */
  supportAdmin: { username: string };
  /** The roles and access-review test's own admin. */
  reviewAdmin: { username: string };
  teacher: { username: string };
}

export async function seedUsers(world: World, schoolId: string): Promise<UsersWorld> {
  const admin = await world.staff(schoolId, ['school-admin'], {
    username: 'browser.users.admin',
    firstName: 'Rowan',
    lastName: 'Keeper',
    signIn: false,
  });
  const supportAdmin = await world.staff(schoolId, ['school-admin'], {
    username: 'browser.support.admin',
    signIn: false,
  });
  const reviewAdmin = await world.staff(schoolId, ['school-admin'], {
    username: 'browser.review.admin',
    signIn: false,
  });
  const teacher = await world.staff(schoolId, ['teacher'], { username: 'browser.users.teacher', signIn: false });
  return {
    admin: { username: admin.username, name: 'Rowan Keeper' },
    supportAdmin: { username: supportAdmin.username },
    reviewAdmin: { username: reviewAdmin.username },
    teacher: { username: teacher.username },
  };
}

export function usersWorld(): UsersWorld {
  const seeded = process.env.USERS_WORLD;
  if (!seeded) throw new Error('USERS_WORLD is not set: run through playwright.config.ts (its global setup seeds it)');
  return JSON.parse(seeded) as UsersWorld;
}
