import {
  exemptFromMaintenance,
  maintenanceBlocks,
  maintenanceCovers,
  maintenanceEndsSessions,
} from './maintenance-rule';

const HOUR = 3_600_000;
const start = Date.parse('2026-12-06T22:00:00Z');
const platformWide = { startsAt: start, endsAt: start + HOUR, schoolIds: null, mode: 'offline' as const };
const twoSchools = {
  startsAt: start,
  endsAt: start + HOUR,
  schoolIds: new Set(['school-a', 'school-b']),
  mode: 'offline' as const,
};
const readOnly = { ...twoSchools, mode: 'read-only' as const };

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
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start - 1, 'read')).toBe(false);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start, 'read')).toBe(true);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start + HOUR - 1, 'read')).toBe(true);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start + HOUR, 'read')).toBe(false);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-z'), start, 'read')).toBe(false);
  });

  it('never blocks ops or platform admins; other platform staff are blocked by a platform-wide window', () => {
    expect(exemptFromMaintenance(ops)).toBe(true);
    expect(exemptFromMaintenance({ kind: 'platform', roles: ['platform-admin'] })).toBe(true);
    expect(exemptFromMaintenance({ kind: 'staff', roles: ['ops'] })).toBe(false);
    expect(maintenanceBlocks(platformWide, ops, start, 'write')).toBe(false);
    expect(maintenanceBlocks(platformWide, support, start, 'read')).toBe(true);
  });

  it('an offline window refuses reads and writes and ends the sessions in scope at its start', () => {
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start, 'read')).toBe(true);
    expect(maintenanceBlocks(twoSchools, teacherAt('school-a'), start, 'write')).toBe(true);
    expect(maintenanceEndsSessions(twoSchools)).toBe(true);
  });

  it('a read-only window refuses only writes, keeps sessions, and still spares ops and other schools', () => {
    expect(maintenanceBlocks(readOnly, teacherAt('school-a'), start, 'read')).toBe(false);
    expect(maintenanceBlocks(readOnly, teacherAt('school-a'), start, 'write')).toBe(true);
    expect(maintenanceBlocks(readOnly, teacherAt('school-a'), start - 1, 'write')).toBe(false);
    expect(maintenanceBlocks(readOnly, teacherAt('school-a'), start + HOUR, 'write')).toBe(false);
    expect(maintenanceBlocks(readOnly, teacherAt('school-z'), start, 'write')).toBe(false);
    expect(maintenanceBlocks({ ...readOnly, schoolIds: null }, ops, start, 'write')).toBe(false);
    expect(maintenanceEndsSessions(readOnly)).toBe(false);
  });
});
