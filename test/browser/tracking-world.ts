// What the pupil-tracking browser test needs beyond the shared world: a school of its own (a
// school has one framework a year, and the grid test makes the shared school's 2026/27) with a
// school admin of its own (a user per spec: specs signing in as one user end each other's
// sessions). The spec makes its framework, pupil, results and targets through this admin's API.
import type { World } from '@pt/testing';

export interface TrackingWorld {
  schoolId: string;
  admin: string;
}

export async function seedTracking(world: World): Promise<TrackingWorld> {
  const school = await world.school({ signed: true, name: 'Fernside Primary' });
  const admin = await world.staff(school, ['school-admin'], { username: 'browser.tracking', signIn: false });
  return { schoolId: school.id, admin: admin.username };
}

export function trackingWorld(): TrackingWorld {
  const seeded = process.env.TRACKING_WORLD;
  if (!seeded)
    throw new Error('TRACKING_WORLD is not set: run through playwright.config.ts (its global setup seeds it)');
  return JSON.parse(seeded) as TrackingWorld;
}
