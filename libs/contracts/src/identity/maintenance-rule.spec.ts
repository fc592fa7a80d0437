import { exemptFromMaintenance, maintenanceBlocks, maintenanceCovers } from './maintenance-rule';

const HOUR = 3_600_000;
const start = Date.parse('2026-12-06T22:00:00Z');
const platformWide = { startsAt: start, endsAt: start + HOUR, schoolIds: null };
const twoSchools = { startsAt: start, endsAt: start + HOUR, schoolIds: new Set(['school-a', 'school-b']) };

const teacherAt = (schoolId: string) => ({ kind: 'staff', roles: ['teacher'], schoolId });
const ops = { kind: 'platform', roles: ['ops'], schoolId: null };
const support = { kind: 'platform', roles: ['support'], schoolId: null };

describe('the maintenance rule (P13)', () => {
  it('a platform-wide window covers every school and platform actors; a school window only its schools', () => {
    expect(maintenanceCovers(platformWide, 'school-z')).toBe(true);
    expect(maintenanceCovers(platformWide, null)).toBe(true);
    expect(maintenanceCovers(twoSchools, 'school-a')).toBe(true);
    expect(maintenanceCovers(twoSchools, 'school-z')).toBe(false);
    expect(maintenanceCovers(twoSchools, null)).toBe(false);
  });

  it('blocks those it covers from its start until its end, and nobody before or after', () => {
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start - 1)).toBe(false);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start)).toBe(true);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start + HOUR - 1)).toBe(true);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start + HOUR)).toBe(false);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-z'), start)).toBe(false);
  });

  it('never blocks ops or platform admins; other platform staff are blocked by a platform-wide window', () => {
    expect(exemptFromMaintenance(ops)).toBe(true);
    expect(exemptFromMaintenance({ kind: 'platform', roles: ['platform-admin'] })).toBe(true);
    expect(exemptFromMaintenance({ kind: 'staff', roles: ['ops'] })).toBe(false);
    expect(maintenanceBlocks(platformWide, ops, start)).toBe(false);
    expect(maintenanceBlocks(platformWide, support, start)).toBe(true);
  });
});
