import {
  ErasureView,
  PUPIL_COUNT_CHANGED,
  PUPIL_ERASED,
  PUPIL_RESTRICTED,
  PupilStatistics,
  PupilView,
  RestrictionView,
} from '@pt/contracts';
import { randomUUID } from 'node:crypto';
import { newPupil, PupilsStack, startPupilsStack } from './pupils-support';

describe('P18, P17, P20: restriction, erasure and anonymous statistics through the gateway', () => {
  let s: PupilsStack;
  let school: string;
  let admin: string;

  const create = async (token: string, overrides: Record<string, unknown> = {}) => {
    const reply = await s.call('POST', '/api/v1/pupils', token, newPupil(overrides));
    expect(reply.status).toBe(201);
    return reply.body as PupilView;
  };
  const auditEntries = async (query: string) =>
    ((await s.call('GET', `/api/v1/audit-entries?${query}`, admin)).body?.items ?? []) as {
      action: string;
      subjectId: string | null;
      detail: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    s = await startPupilsStack('pupilsrights');
    school = await s.createSchool(true);
    admin = await s.staff(school, ['school-admin']);
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
  });

  describe('P18: restriction and objection', () => {
    it('P18: a restricted pupil is read-only (409 pupil_restricted), still readable, and writable again once the restriction is lifted', async () => {
      const pupil = await create(admin, { legalSurname: 'Restricted' });
      const path = `/api/v1/pupils/${pupil.id}`;
      const restricted = await s.call('POST', `${path}/restrictions`, admin, {
        kind: 'objection',
        requestedBy: 'parent',
        reason: 'Parent objects to processing while a complaint is investigated',
        rightsRequestId: randomUUID(),
      });
      expect(restricted.status).toBe(201);
      expect(restricted.body).toMatchObject({
        pupilId: pupil.id,
        kind: 'objection',
        requestedBy: 'parent',
        liftedAt: null,
      });

      const read = await s.call('GET', path, admin);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ restricted: true, version: 2 });
      const write = await s.call('PATCH', path, admin, { fsm: true }, { 'if-match': '"2"' });
      expect(write.status).toBe(409);
      expect(write.body.code).toBe('pupil_restricted');
      const twice = await s.call('POST', `${path}/restrictions`, admin, {
        kind: 'restriction',
        requestedBy: 'school',
        reason: 'again',
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('pupil_already_restricted');
      const onlyRestricted = await s.call('GET', '/api/v1/pupils?restricted=true', admin);
      expect(onlyRestricted.body.items.map((p: PupilView) => p.id)).toEqual([pupil.id]);

      const lifted = await s.call('POST', `${path}/restrictions/lift`, admin, { reason: 'Complaint resolved' });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({ id: restricted.body.id, liftReason: 'Complaint resolved' });
      expect(lifted.body.liftedAt).not.toBeNull();
      const again = await s.call('POST', `${path}/restrictions/lift`, admin, { reason: 'twice' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('pupil_not_restricted');

      const writable = await s.call('PATCH', path, admin, { fsm: true }, { 'if-match': '"3"' });
      expect(writable.status).toBe(200);
      expect(writable.body).toMatchObject({ fsm: true, restricted: false, version: 4 });

      const history = await s.call('GET', `${path}/restrictions`, admin);
      expect(history.status).toBe(200);
      expect(history.body.items as RestrictionView[]).toEqual([
        expect.objectContaining({ id: restricted.body.id, kind: 'objection', liftReason: 'Complaint resolved' }),
      ]);

      const restrictedOf = async () =>
        (await s.published(PUPIL_RESTRICTED.subject)).filter((e) => e.data.pupilId === pupil.id);
      await s.stack.waitUntil(async () => (await restrictedOf()).length > 0, 10_000);
      const restrictedEvents = await restrictedOf();
      expect(restrictedEvents.map((e) => e.data)).toEqual([
        { pupilId: pupil.id, restrictionId: restricted.body.id, kind: 'objection' },
      ]);
      await s.stack.waitUntil(async () => {
        const actions = (await auditEntries(`subjectType=pupil&subjectId=${pupil.id}`)).map((e) => e.action);
        return (
          actions.includes('pupil-records.pupil.restricted') &&
          actions.includes('pupil-records.pupil.restriction-lifted')
        );
      }, 15_000);
      const entries = JSON.stringify(await auditEntries(`subjectType=pupil&subjectId=${pupil.id}`));
      expect(entries).not.toContain('complaint');
      expect(entries).not.toContain('Restricted');
    });

    it('P18: restricting and lifting need rights:manage; validation names the fields', async () => {
      const pupil = await create(admin);
      const office = await s.staff(school, ['office']);
      const refused = await s.call('POST', `/api/v1/pupils/${pupil.id}/restrictions`, office, {
        kind: 'restriction',
        requestedBy: 'pupil',
        reason: 'asked',
      });
      expect(refused.status).toBe(403);
      const invalid = await s.call('POST', `/api/v1/pupils/${pupil.id}/restrictions`, admin, {
        kind: 'pause',
        requestedBy: 'neighbour',
        reason: '',
      });
      expect(invalid.status).toBe(400);
      expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'kind',
        'reason',
        'requestedBy',
      ]);
      const unknown = await s.call('POST', `/api/v1/pupils/${randomUUID()}/restrictions`, admin, {
        kind: 'restriction',
        requestedBy: 'pupil',
        reason: 'asked',
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe('P17: erasure', () => {
    it('P17: erasure really deletes the pupil and what hangs off it, keeps only ids, and publishes the erasure for every service', async () => {
      const pupil = await create(admin, { legalForename: 'Erased', legalSurname: 'Person' });
      const path = `/api/v1/pupils/${pupil.id}`;
      const guardian = await s.call('POST', `${path}/guardians`, admin, {
        forename: 'Grace',
        surname: 'Person',
        relationship: 'mother',
        parentalResponsibility: true,
      });
      expect(guardian.status).toBe(201);
      const restricted = await s.call('POST', `${path}/restrictions`, admin, {
        kind: 'restriction',
        requestedBy: 'parent',
        reason: 'Until the erasure is carried out',
      });
      expect(restricted.status).toBe(201);

      const office = await s.staff(school, ['office']);
      expect((await s.call('POST', `${path}/erasure`, office, { requestedBy: 'parent', reason: 'x' })).status).toBe(
        403,
      );

      // Allowed although the pupil is restricted: erasure ends processing for good.
      const erased = await s.call('POST', `${path}/erasure`, admin, {
        requestedBy: 'parent',
        reason: 'Parent asked for erasure after the pupil left',
      });
      expect(erased.status).toBe(200);
      const record = erased.body as ErasureView;
      expect(record).toMatchObject({ pupilId: pupil.id, requestedBy: 'parent', rightsRequestId: null });

      expect((await s.call('GET', path, admin)).status).toBe(404);
      expect((await s.call('POST', `${path}/erasure`, admin, { requestedBy: 'parent', reason: 'again' })).status).toBe(
        404,
      );
      expect((await s.call('GET', '/api/v1/pupils?q=erased', admin)).body.items).toEqual([]);
      for (const table of ['pupil', 'pupil_restriction', 'guardian']) {
        const column = table === 'pupil' ? 'id' : 'pupil_id';
        expect(await s.pupilsSql(`select 1 from ${table} where ${column} = $1`, [pupil.id])).toEqual([]);
      }
      expect(await s.pupilsSql('select pupil_id, requested_by from pupil_erasure where id = $1', [record.id])).toEqual([
        { pupil_id: pupil.id, requested_by: 'parent' },
      ]);

      // Published for every service to delete what it holds: ids only.
      await s.stack.waitUntil(
        async () => (await s.published(PUPIL_ERASED.subject)).some((e) => e.data.pupilId === pupil.id),
        10_000,
      );
      const [event] = (await s.published(PUPIL_ERASED.subject)).filter((e) => e.data.pupilId === pupil.id);
      expect(event).toMatchObject({
        tenantId: school,
        data: { pupilId: pupil.id, erasureId: record.id, requestedBy: 'parent' },
      });
      expect(Object.keys(event.data).sort()).toEqual(['erasureId', 'pupilId', 'requestedBy']);

      await s.stack.waitUntil(
        async () =>
          (await auditEntries(`subjectType=pupil&subjectId=${pupil.id}`)).some(
            (e) => e.action === 'pupil-records.pupil.erased',
          ),
        15_000,
      );
      const entries = await auditEntries(`subjectType=pupil&subjectId=${pupil.id}`);
      const erasedEntry = entries.find((e) => e.action === 'pupil-records.pupil.erased')!;
      expect(erasedEntry.detail).toEqual({ pupilId: pupil.id, erasureId: record.id, requestedBy: 'parent' });
      const text = JSON.stringify(entries);
      for (const personal of ['Erased', 'Person', 'Grace', 'erasure after']) expect(text).not.toContain(personal);
    });
  });

  describe('P20: anonymous statistics', () => {
    let statsSchool: string;
    let statsAdmin: string;

    beforeAll(async () => {
      statsSchool = await s.createSchool(true);
      statsAdmin = await s.staff(statsSchool, ['school-admin']);
    });

    const statistics = async (token = statsAdmin) => {
      const reply = await s.call('GET', '/api/v1/pupils/statistics', token);
      expect(reply.status).toBe(200);
      return reply.body as PupilStatistics;
    };
    const countOf = (items: { key: string; count: number | null }[], key: string) =>
      items.find((item) => item.key === key);

    it('P20: counts by year group, class group and characteristic, suppressing groups under 5 and leaving restricted pupils out', async () => {
      const group = (await s.call('POST', '/api/v1/class-groups', statsAdmin, { name: '3C', yearGroup: '3' })).body.id;
      const year3: PupilView[] = [];
      for (let i = 0; i < 7; i++) {
        year3.push(await create(statsAdmin, { yearGroup: '3', classGroupId: group, fsm: i < 5, eal: i === 0 }));
      }
      for (let i = 0; i < 2; i++) await create(statsAdmin, { yearGroup: '4', fsm: true });

      let stats = await statistics();
      expect(stats.threshold).toBe(5);
      expect(stats.total).toBe(9);
      expect(stats.byYearGroup).toEqual([
        { key: '3', count: 7, suppressed: false },
        { key: '4', count: null, suppressed: true },
      ]);
      expect(stats.byClassGroup).toEqual(
        expect.arrayContaining([
          { key: group, count: 7, suppressed: false },
          { key: 'none', count: null, suppressed: true },
        ]),
      );
      expect(countOf(stats.byCharacteristic, 'fsm')).toEqual({ key: 'fsm', count: 7, suppressed: false });
      expect(countOf(stats.byCharacteristic, 'eal')).toEqual({ key: 'eal', count: null, suppressed: true });
      expect(countOf(stats.byCharacteristic, 'senStatus:none')).toEqual({
        key: 'senStatus:none',
        count: 9,
        suppressed: false,
      });

      // P18: a restricted pupil leaves the analysis, and year 3 falls to 6.
      const restricted = await s.call('POST', `/api/v1/pupils/${year3[0].id}/restrictions`, statsAdmin, {
        kind: 'objection',
        requestedBy: 'pupil',
        reason: 'Objects to analysis',
      });
      expect(restricted.status).toBe(201);
      stats = await statistics();
      expect(stats.total).toBe(8);
      expect(countOf(stats.byYearGroup, '3')).toEqual({ key: '3', count: 6, suppressed: false });
      expect(countOf(stats.byCharacteristic, 'fsm')).toEqual({ key: 'fsm', count: 6, suppressed: false });

      // P19: a teacher limited to the class group gets that group's figures only.
      const teacher = await s.staff(statsSchool, ['teacher'], [group]);
      const theirs = await statistics(teacher);
      expect(theirs.total).toBe(6);
      expect(theirs.byYearGroup).toEqual([{ key: '3', count: 6, suppressed: false }]);
      expect(theirs.byClassGroup).toEqual([{ key: group, count: 6, suppressed: false }]);

      // Readers without pupils:read but with reports:read may see the aggregates; nobody else.
      const reportsOnly = await s.call('POST', '/api/v1/roles', statsAdmin, {
        name: 'analyst',
        permissions: ['reports:read'],
      });
      expect(reportsOnly.status).toBe(201);
      const analyst = await s.staff(statsSchool, ['analyst']);
      expect((await statistics(analyst)).total).toBe(8);
      expect((await s.call('GET', '/api/v1/pupils', analyst)).status).toBe(403);
      const nothing = await s.call('POST', '/api/v1/roles', statsAdmin, {
        name: 'visitor',
        permissions: ['users:read'],
      });
      expect(nothing.status).toBe(201);
      const visitor = await s.staff(statsSchool, ['visitor']);
      expect((await s.call('GET', '/api/v1/pupils/statistics', visitor)).status).toBe(403);
    });

    it("P20: the school's pupil count is published when it changes (billing), and after an erasure", async () => {
      const published = async () =>
        (await s.published<{ schoolId: string; pupilsOnRoll: number }>(PUPIL_COUNT_CHANGED.subject))
          .filter((e) => e.data.schoolId === statsSchool)
          .map((e) => e.data.pupilsOnRoll);
      const countEntries = async () =>
        (
          ((await s.call('GET', '/api/v1/audit-entries?action=pupil-records.school.pupil-count-changed', statsAdmin))
            .body?.items ?? []) as { detail: { pupilsOnRoll: number; schoolId: string } }[]
        ).map((e) => e.detail.pupilsOnRoll);
      await s.stack.waitUntil(async () => (await published()).includes(9), 10_000);
      const pupil = await create(statsAdmin, { yearGroup: '5' });
      await s.stack.waitUntil(async () => (await published()).includes(10), 10_000);
      const erased = await s.call('POST', `/api/v1/pupils/${pupil.id}/erasure`, statsAdmin, {
        requestedBy: 'school',
        reason: 'Entered in error',
      });
      expect(erased.status).toBe(200);
      await s.stack.waitUntil(async () => (await published()).length === 11, 10_000);
      expect(await published()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9]);
      // Billing is not in this stack; the audit log shows the same counts.
      await s.stack.waitUntil(async () => (await countEntries())[0] === 9, 15_000);
      expect([...(await countEntries())].reverse()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9]);
    });
  });
});
