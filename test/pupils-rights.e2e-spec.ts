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
import { newPupil, SignedIn, World } from '@pt/testing';

describe('P18, P17, P20: restriction, erasure and anonymous statistics through the gateway', () => {
  let world: World;
  let school: string;
  let admin: SignedIn;

  const create = async (token: SignedIn, overrides: Record<string, unknown> = {}) => {
    const reply = await world.call(token, 'POST', '/api/v1/pupils', newPupil(overrides));
    expect(reply.status).toBe(201);
    return reply.body as PupilView;
  };
  const auditEntries = async (query: string) =>
    ((await world.call(admin, 'GET', `/api/v1/audit-entries?${query}`)).body?.items ?? []) as {
      action: string;
      subjectId: string | null;
      detail: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    world = await World.start({ label: 'pupilsrights', processes: ['gateway', 'identity', 'pupil-records', 'audit'] });
    school = (await world.school({ signed: true })).id;
    admin = await world.staff(school, ['school-admin']);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe('P18: restriction and objection', () => {
    it('P18: a restricted pupil is read-only (409 pupil.restricted), still readable, and writable again once the restriction is lifted', async () => {
      const pupil = await create(admin, { legalSurname: 'Restricted' });
      const path = `/api/v1/pupils/${pupil.id}`;
      const restricted = await world.call(admin, 'POST', `${path}/restrictions`, {
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

      const read = await world.call(admin, 'GET', path);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ restricted: true, version: 2 });
      const write = await world.call(admin, 'PATCH', path, { fsm: true }, { headers: { 'if-match': '"2"' } });
      expect(write.status).toBe(409);
      expect(write.body.code).toBe('pupil.restricted');
      const twice = await world.call(admin, 'POST', `${path}/restrictions`, {
        kind: 'restriction',
        requestedBy: 'school',
        reason: 'again',
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('pupil.already_restricted');
      const onlyRestricted = await world.call(admin, 'GET', '/api/v1/pupils?restricted=true');
      expect(onlyRestricted.body.items.map((p: PupilView) => p.id)).toEqual([pupil.id]);

      const lifted = await world.call(admin, 'POST', `${path}/restrictions/lift`, { reason: 'Complaint resolved' });
      expect(lifted.status).toBe(200);
      expect(lifted.body).toMatchObject({ id: restricted.body.id, liftReason: 'Complaint resolved' });
      expect(lifted.body.liftedAt).not.toBeNull();
      const again = await world.call(admin, 'POST', `${path}/restrictions/lift`, { reason: 'twice' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('pupil.not_restricted');

      const writable = await world.call(admin, 'PATCH', path, { fsm: true }, { headers: { 'if-match': '"3"' } });
      expect(writable.status).toBe(200);
      expect(writable.body).toMatchObject({ fsm: true, restricted: false, version: 4 });

      const history = await world.call(admin, 'GET', `${path}/restrictions`);
      expect(history.status).toBe(200);
      expect(history.body.items as RestrictionView[]).toEqual([
        expect.objectContaining({ id: restricted.body.id, kind: 'objection', liftReason: 'Complaint resolved' }),
      ]);

      const restrictedOf = async () =>
        (await world.published(PUPIL_RESTRICTED.subject)).filter((e) => e.data.pupilId === pupil.id);
      await world.until(async () => (await restrictedOf()).length > 0, 10_000);
      const restrictedEvents = await restrictedOf();
      expect(restrictedEvents.map((e) => e.data)).toEqual([
        { pupilId: pupil.id, restrictionId: restricted.body.id, kind: 'objection' },
      ]);
      await world.until(async () => {
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
      const office = await world.staff(school, ['office']);
      const refused = await world.call(office, 'POST', `/api/v1/pupils/${pupil.id}/restrictions`, {
        kind: 'restriction',
        requestedBy: 'pupil',
        reason: 'asked',
      });
      expect(refused.status).toBe(403);
      const invalid = await world.call(admin, 'POST', `/api/v1/pupils/${pupil.id}/restrictions`, {
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
      const unknown = await world.call(admin, 'POST', `/api/v1/pupils/${randomUUID()}/restrictions`, {
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
      const guardian = await world.call(admin, 'POST', `${path}/guardians`, {
        forename: 'Grace',
        surname: 'Person',
        relationship: 'mother',
        parentalResponsibility: true,
      });
      expect(guardian.status).toBe(201);
      const restricted = await world.call(admin, 'POST', `${path}/restrictions`, {
        kind: 'restriction',
        requestedBy: 'parent',
        reason: 'Until the erasure is carried out',
      });
      expect(restricted.status).toBe(201);

      const office = await world.staff(school, ['office']);
      expect((await world.call(office, 'POST', `${path}/erasure`, { requestedBy: 'parent', reason: 'x' })).status).toBe(
        403,
      );

      // Allowed although the pupil is restricted: erasure ends processing for good.
      const erased = await world.call(admin, 'POST', `${path}/erasure`, {
        requestedBy: 'parent',
        reason: 'Parent asked for erasure after the pupil left',
      });
      expect(erased.status).toBe(200);
      const record = erased.body as ErasureView;
      expect(record).toMatchObject({ pupilId: pupil.id, requestedBy: 'parent', rightsRequestId: null });

      expect((await world.call(admin, 'GET', path)).status).toBe(404);
      expect(
        (await world.call(admin, 'POST', `${path}/erasure`, { requestedBy: 'parent', reason: 'again' })).status,
      ).toBe(404);
      expect((await world.call(admin, 'GET', '/api/v1/pupils?q=erased')).body.items).toEqual([]);
      for (const table of ['pupil', 'pupil_restriction', 'guardian']) {
        const column = table === 'pupil' ? 'id' : 'pupil_id';
        expect(await world.sql('pupil-records', `select 1 from ${table} where ${column} = $1`, [pupil.id])).toEqual([]);
      }
      expect(
        await world.sql('pupil-records', 'select pupil_id, requested_by from pupil_erasure where id = $1', [record.id]),
      ).toEqual([{ pupil_id: pupil.id, requested_by: 'parent' }]);

      // Published for every service to delete what it holds: ids only.
      await world.until(
        async () => (await world.published(PUPIL_ERASED.subject)).some((e) => e.data.pupilId === pupil.id),
        10_000,
      );
      const [event] = (await world.published(PUPIL_ERASED.subject)).filter((e) => e.data.pupilId === pupil.id);
      expect(event).toMatchObject({
        tenantId: school,
        data: { pupilId: pupil.id, erasureId: record.id, requestedBy: 'parent' },
      });
      expect(Object.keys(event.data).sort()).toEqual(['erasureId', 'pupilId', 'requestedBy']);

      await world.until(
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
    let statsAdmin: SignedIn;

    beforeAll(async () => {
      statsSchool = (await world.school({ signed: true })).id;
      statsAdmin = await world.staff(statsSchool, ['school-admin']);
    });

    const statistics = async (token = statsAdmin) => {
      const reply = await world.call(token, 'GET', '/api/v1/pupils/statistics');
      expect(reply.status).toBe(200);
      return reply.body as PupilStatistics;
    };
    const countOf = (items: { key: string; count: number | null }[], key: string) =>
      items.find((item) => item.key === key);

    it('P20: counts by year group, class group and characteristic, suppressing groups under 5 and leaving restricted pupils out', async () => {
      const group = (await world.call(statsAdmin, 'POST', '/api/v1/class-groups', { name: '3C', yearGroup: '3' })).body
        .id;
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
      const restricted = await world.call(statsAdmin, 'POST', `/api/v1/pupils/${year3[0].id}/restrictions`, {
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
      const teacher = await world.staff(statsSchool, ['teacher'], { classGroupIds: [group] });
      const theirs = await statistics(teacher);
      expect(theirs.total).toBe(6);
      expect(theirs.byYearGroup).toEqual([{ key: '3', count: 6, suppressed: false }]);
      expect(theirs.byClassGroup).toEqual([{ key: group, count: 6, suppressed: false }]);

      // Readers without pupils:read but with reports:read may see the aggregates; nobody else.
      const reportsOnly = await world.call(statsAdmin, 'POST', '/api/v1/roles', {
        name: 'analyst',
        permissions: ['reports:read'],
      });
      expect(reportsOnly.status).toBe(201);
      const analyst = await world.staff(statsSchool, ['analyst']);
      expect((await statistics(analyst)).total).toBe(8);
      expect((await world.call(analyst, 'GET', '/api/v1/pupils')).status).toBe(403);
      const nothing = await world.call(statsAdmin, 'POST', '/api/v1/roles', {
        name: 'visitor',
        permissions: ['users:read'],
      });
      expect(nothing.status).toBe(201);
      const visitor = await world.staff(statsSchool, ['visitor']);
      expect((await world.call(visitor, 'GET', '/api/v1/pupils/statistics')).status).toBe(403);
    });

    it("P20: the school's pupil count is published when it changes (billing), and after an erasure", async () => {
      const published = async () =>
        (await world.published<{ schoolId: string; pupilsOnRoll: number }>(PUPIL_COUNT_CHANGED.subject))
          .filter((e) => e.data.schoolId === statsSchool)
          .map((e) => e.data.pupilsOnRoll);
      const countEntries = async () =>
        (
          ((
            await world.call(statsAdmin, 'GET', '/api/v1/audit-entries?action=pupil-records.school.pupil-count-changed')
          ).body?.items ?? []) as { detail: { pupilsOnRoll: number; schoolId: string } }[]
        ).map((e) => e.detail.pupilsOnRoll);
      await world.until(async () => (await published()).includes(9), 10_000);
      const pupil = await create(statsAdmin, { yearGroup: '5' });
      await world.until(async () => (await published()).includes(10), 10_000);
      const erased = await world.call(statsAdmin, 'POST', `/api/v1/pupils/${pupil.id}/erasure`, {
        requestedBy: 'school',
        reason: 'Entered in error',
      });
      expect(erased.status).toBe(200);
      await world.until(async () => (await published()).length === 11, 10_000);
      expect(await published()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9]);
      // Billing is not in this stack; the audit log shows the same counts.
      // The log trails the stream, and its newest entry read 9 (the ninth pupil) before the 10 and the last 9 came.
      await world.until(async () => (await countEntries()).length === 11, 15_000);
      expect([...(await countEntries())].reverse()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9]);
    });
  });
});
