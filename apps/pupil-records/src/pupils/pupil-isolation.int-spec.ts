import { PupilRecordsConfig } from '../pupil-records.config';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, upnCheckLetter } from '@pt/contracts';
import { tenantScope } from '@pt/persistence';
import { BusException, SchoolContext } from '@pt/platform';
import { TestDatabase } from '@pt/testing';
import { Client } from 'pg';
import { ClassGroup } from './class-group.entity';
import { SchoolProcessing } from '../school-status/school-processing';
import { Pupil } from './pupil.entity';
import { PupilRepository } from './pupil.repository';
import { PupilsService } from './pupils.service';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

const schoolA = randomUUID();
const schoolB = randomUUID();
const upn = (serial: number) => {
  const rest = `80120${String(serial).padStart(7, '0')}`.slice(0, 12);
  return upnCheckLetter(rest) + rest;
};

let db: TestDatabase;
const pupilsOf = new Map<string, string[]>();
const groupOf = new Map<string, string>();

function ctxOf(tenantId: string, classGroupIds: string[] | null = null): SchoolContext {
  return {
    tenantId,
    actor: { id: randomUUID(), kind: 'staff', roles: ['teacher'], permissions: ['pupils:read'], classGroupIds },
    requestId: randomUUID(),
    ip: null,
  };
}

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('pupiliso');
  let serial = 0;
  for (const [tenantId, count] of [
    [schoolA, 3],
    [schoolB, 4],
  ] as const) {
    const ids: string[] = [];
    await db.unitOfWork.run(tenantScope(tenantId), async (em) => {
      const group = Object.assign(new ClassGroup(), { id: randomUUID(), tenantId, name: '7B' });
      em.persist(group);
      groupOf.set(tenantId, group.id);
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        ids.push(id);
        em.persist(
          Object.assign(new Pupil(), {
            id,
            tenantId,
            upn: upn(++serial),
            legalForename: `Pupil${i}`,
            legalSurname: 'Smith',
            dateOfBirth: '2015-01-01',
            yearGroup: '7',
            // The first pupil of each school is in its class group; the others in none.
            classGroupId: i === 0 ? group.id : null,
          }),
        );
      }
    });
    pupilsOf.set(tenantId, ids);
  }
  const [{ n }] = await db.ownerQuery<{ n: number }>('select count(*)::int as n from pupil');
  expect(n).toBe(7);
});

afterAll(async () => {
  await db?.drop();
});

describe('P19: pupils and class groups are walled off per school', () => {
  it("P19: with the ORM tenant filter switched off, a school's unit of work still reads only its own pupils and class groups", async () => {
    const seen = await db.unitOfWork.run(tenantScope(schoolA), async (em) => ({
      pupils: (await em.find(Pupil, {}, { filters: false })).map((p) => p.tenantId),
      groups: (await em.find(ClassGroup, {}, { filters: false })).map((g) => g.tenantId),
      byId: await em.findOne(Pupil, { id: pupilsOf.get(schoolB)![0] }, { filters: false }),
      byTenant: await em.find(Pupil, { tenantId: schoolB }, { filters: false }),
      sql: (await em.execute<{ tenant_id: string }[]>('select tenant_id from pupil')).map((r) => r.tenant_id),
    }));
    expect(seen).toEqual({
      pupils: [schoolA, schoolA, schoolA],
      groups: [schoolA],
      byId: null,
      byTenant: [],
      sql: [schoolA, schoolA, schoolA],
    });
  });

  it("P19: cannot change or delete another school's pupils, even by raw SQL naming them", async () => {
    const affected = await db.unitOfWork.run(tenantScope(schoolA), async (em) => ({
      updated: await em.nativeUpdate(Pupil, { tenantId: schoolB }, { legalSurname: 'Changed' }, { filters: false }),
      deleted: await em.nativeDelete(Pupil, { tenantId: schoolB }, { filters: false }),
    }));
    expect(affected).toEqual({ updated: 0, deleted: 0 });
    const rows = await db.ownerQuery<{ legal_surname: string }>(
      'select legal_surname from pupil where tenant_id = $1',
      [schoolB],
    );
    expect(rows.map((r) => r.legal_surname)).toEqual(['Smith', 'Smith', 'Smith', 'Smith']);
  });

  it('P19: the runtime role outside a unit of work sees no pupil of any school', async () => {
    const client = new Client({ connectionString: db.runtimeUrl });
    await client.connect();
    try {
      const { rows } = await client.query('select count(*)::int as n from pupil');
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it("P19: the list query's own SQL, asked for another school's tenant inside school A's unit of work, returns nothing", async () => {
    const rows = await db.unitOfWork.run(tenantScope(schoolA), (em) =>
      new PupilRepository(em).page(schoolB, {}, null, 50, null),
    );
    expect(rows).toEqual([]);
  });

  describe('through the service', () => {
    const processing = { assertAllowed: async () => undefined } as unknown as SchoolProcessing;
    const service = () => new PupilsService(db.unitOfWork, processing, new PupilRecordsConfig());

    it("P19: another school's pupil answers 404, exactly like a pupil that does not exist", async () => {
      const attempt = (pupilId: string) => service().get(ctxOf(schoolA), pupilId);
      for (const pupilId of [pupilsOf.get(schoolB)![0], randomUUID()]) {
        await expect(attempt(pupilId)).rejects.toMatchObject({ body: { kind: 'not_found', code: 'pupil.not_found' } });
      }
      await expect(attempt(pupilsOf.get(schoolA)![0])).resolves.toMatchObject({ id: pupilsOf.get(schoolA)![0] });
    });

    it('P19: a teacher limited to class groups lists and reads only the pupils of those groups', async () => {
      const teacher = ctxOf(schoolA, [groupOf.get(schoolA)!]);
      const page = await service().list(teacher, { limit: 50 });
      expect(page.items.map((p) => p.id)).toEqual([pupilsOf.get(schoolA)![0]]);
      const outside = pupilsOf.get(schoolA)![1];
      await expect(service().get(teacher, outside)).rejects.toBeInstanceOf(BusException);
      const nobody = await service().list(ctxOf(schoolA, []), { limit: 50 });
      expect(nobody.items).toEqual([]);
      // Naming another school's class group widens nothing.
      const foreign = await service().list(ctxOf(schoolA, [groupOf.get(schoolB)!]), { limit: 50 });
      expect(foreign.items).toEqual([]);
    });

    it("answers another service's question for attributes with the school's own pupils only, and no names", async () => {
      const system = { tenantId: schoolA, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
      const ids = [...pupilsOf.get(schoolA)!.slice(0, 2), pupilsOf.get(schoolB)![0], randomUUID(), 'not-an-id'];
      const { pupils } = await service().attributes(system, { ids });
      expect(pupils.map((p) => p.pupilId).sort()).toEqual(pupilsOf.get(schoolA)!.slice(0, 2).sort());
      const first = pupils.find((p) => p.pupilId === pupilsOf.get(schoolA)![0])!;
      expect(first).toEqual({
        pupilId: pupilsOf.get(schoolA)![0],
        version: 1,
        changedAt: expect.any(String),
        yearGroup: '7',
        classGroupId: groupOf.get(schoolA),
        gender: 'U',
        ethnicity: null,
        senStatus: 'none',
        fsm: false,
        fsm6: false,
        pupilPremium: false,
        eal: false,
        inLaCare: false,
        everInCare: false,
        giftedAndTalented: false,
        entryDate: null,
        leavingDate: null,
        restricted: false,
      });
    });

    it('P19: an unlimited reader of school A lists its three pupils and none of school B', async () => {
      const page = await service().list(ctxOf(schoolA), { limit: 50 });
      expect(page.items.map((p) => p.id).sort()).toEqual([...pupilsOf.get(schoolA)!].sort());
    });
  });
});
