import { EntityName, QueryResult } from '@mikro-orm/core';
import { BaseConfig, FileStore, SubjectNamespace } from '@pt/platform';
import { tenantScope } from '@pt/persistence';
import { TestDatabase, testNatsUrl, uniqueTestName } from '@pt/testing';
import { connect, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { Guardian } from '../guardians/guardian.entity';
import { HealthNote } from '../health/health-note.entity';
import { PupilPhoto } from '../photos/pupil-photo.entity';
import { Consent } from '../pupils/consent.entity';
import { PupilCareExport } from '../subject-export/pupil-care-export';
import { pupilRecordsTestDatabase } from '../pupil-records.test-database';

/**
 * P19 for the tables of guardians, consents, health notes and photographs: the second wall
 * (forced row-level security) holds even with the ORM's tenant filter switched off and with
 * raw SQL; P17: they go with the pupil row; P21: they are exported for subject access.
 */
const ENTITIES = { guardian: Guardian, consent: Consent, health_note: HealthNote, pupil_photo: PupilPhoto };
const TABLES = Object.keys(ENTITIES) as (keyof typeof ENTITIES)[];
const [schoolA, schoolB] = [randomUUID(), randomUUID()];
const pupilsOf = new Map<string, string[]>();

let db: TestDatabase;

/** One pupil with a guardian, a consent, a health note and a photograph, written as the school's unit of work. */
async function pupilWithCare(tenantId: string): Promise<string> {
  const pupilId = randomUUID();
  await db.unitOfWork.run(tenantScope(tenantId), async (em) => {
    await em.execute(
      `insert into pupil (id, tenant_id, upn, legal_forename, legal_surname, date_of_birth, year_group,
                          special_category_consent, photo_consent, has_photo, created_at, updated_at)
       values (?, ?, ?, 'Test', 'Pupil', '2016-05-01', '4', true, true, true, now(), now())`,
      [pupilId, tenantId, `T${pupilId.slice(0, 12)}`],
    );
    const guardianId = randomUUID();
    await em.execute(
      `insert into guardian (id, tenant_id, pupil_id, forename, surname, relationship, parental_responsibility,
                             email, telephone, address_line1, address_town, address_postcode,
                             priority, created_at, updated_at)
       values (?, ?, ?, 'Alex', 'Parent', 'mother', true,
               'alex.parent@example.test', '01632 960001', '1 Lane', 'Town', 'TE1 1ST', 1, now(), now())`,
      [guardianId, tenantId, pupilId],
    );

    await em.execute(
      `insert into consent (id, tenant_id, pupil_id, kind, given_by_type, given_by_guardian_id, given_on, recorded_at)
       values (?, ?, ?, 'special-category', 'guardian', ?, '2026-09-01', now())`,
      [randomUUID(), tenantId, pupilId, guardianId],
    );
    await em.execute(
      `insert into health_note (id, tenant_id, pupil_id, category, note, recorded_at)
       values (?, ?, ?, 'allergy', 'Peanuts', now())`,
      [randomUUID(), tenantId, pupilId],
    );
    await em.execute(
      `insert into pupil_photo (pupil_id, tenant_id, content_type, size, content, stored_at)
       values (?, ?, 'image/png', 3, '\\x010203'::bytea, now())`,
      [pupilId, tenantId],
    );
  });
  return pupilId;
}

beforeAll(async () => {
  db = await pupilRecordsTestDatabase('care_isolation');
  pupilsOf.set(schoolA, [await pupilWithCare(schoolA), await pupilWithCare(schoolA)]);
  pupilsOf.set(schoolB, [await pupilWithCare(schoolB), await pupilWithCare(schoolB), await pupilWithCare(schoolB)]);
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe('P21: what the care modules hold goes into a subject-access export', () => {
  let nc: NatsConnection;
  let files: FileStore;

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    const config = Object.assign(new BaseConfig(), { FILES_TTL_HOURS: 1, FILES_REPLICAS: 1 });
    files = new FileStore(nc, new SubjectNamespace(uniqueTestName('care_export')), config);
  });

  afterAll(async () => {
    await (await nc.jetstreamManager()).streams.delete(`OBJ_${files.bucketName}`).catch(() => undefined);
    await nc.close();
  });

  it("exports a pupil's guardians, consents, health notes and photograph, and nothing of another school's pupil", async () => {
    const [pupilId] = pupilsOf.get(schoolA)!;
    const exported = await db.unitOfWork.run(tenantScope(schoolA), (em) =>
      new PupilCareExport(files).ofPupil(em, schoolA, pupilId),
    );
    expect(Object.fromEntries(Object.entries(exported.records).map(([k, v]) => [k, v.length]))).toEqual({
      guardians: 1,
      thirdPartyDataForReview: 1,
      consents: 1,
      healthNotes: 1,
    });
    expect(exported.records.healthNotes[0]).toMatchObject({ category: 'allergy', note: 'Peanuts' });
    expect(exported.files).toEqual([
      { storeName: expect.stringContaining(schoolA), fileName: 'pupil-photo.png', contentType: 'image/png' },
    ]);
    expect((await files.read(exported.files[0].storeName))!.content).toEqual(Buffer.from([1, 2, 3]));

    const guardianId = (exported.records.guardians[0] as { id: string }).id;
    const asParent = await db.unitOfWork.run(tenantScope(schoolA), (em) =>
      new PupilCareExport(files).ofGuardian(em, guardianId),
    );
    expect(asParent.records.guardians).toHaveLength(1);
    // Their own contact details are theirs: a parent's bundle carries them as they are.
    expect(asParent.records.guardians[0]).toMatchObject({
      email: 'alex.parent@example.test',
      telephone: '01632 960001',
    });
    expect(asParent.records.consents).toHaveLength(1);

    const acrossSchools = await db.unitOfWork.run(tenantScope(schoolB), (em) =>
      new PupilCareExport(files).ofPupil(em, schoolB, pupilId),
    );
    expect(acrossSchools).toEqual({ records: {}, files: [] });
  });

  it("P21: a guardian's contact details are third-party data in a pupil's bundle: set apart and marked for the school's review", async () => {
    const [pupilId] = pupilsOf.get(schoolA)!;
    const exported = await db.unitOfWork.run(tenantScope(schoolA), (em) =>
      new PupilCareExport(files).ofPupil(em, schoolA, pupilId),
    );
    const guardians = exported.records.guardians as Record<string, unknown>[];
    expect(guardians).toEqual([
      expect.objectContaining({
        forename: 'Alex',
        surname: 'Parent',
        relationship: 'mother',
        parentalResponsibility: true,
      }),
    ]);
    for (const field of ['email', 'telephone', 'address']) expect(guardians[0]).not.toHaveProperty(field);
    expect(exported.records.thirdPartyDataForReview).toEqual([
      {
        kind: 'guardian-contact',
        guardianId: guardians[0].id,
        reviewBeforeRelease: true,
        reason: expect.stringMatching(/^Third-party data: .*Review before release/),
        email: 'alex.parent@example.test',
        telephone: '01632 960001',
        address: { line1: '1 Lane', line2: null, town: 'Town', postcode: 'TE1 1ST' },
      },
    ]);
  });

  it('P16: leaves health notes out once special-category consent no longer stands', async () => {
    const [, pupilId] = pupilsOf.get(schoolA)!;
    await db.ownerQuery('update pupil set special_category_consent = false where id = $1', [pupilId]);
    const exported = await db.unitOfWork.run(tenantScope(schoolA), (em) =>
      new PupilCareExport(files).ofPupil(em, schoolA, pupilId),
    );
    expect(exported.records.healthNotes).toEqual([]);
  });
});

describe('P19: guardians, consents, health notes and photographs behind both tenant walls', () => {
  it.each(TABLES)(
    "%s: a school's unit of work reads only its own rows with the ORM filter off and by raw SQL",
    async (table) => {
      const entity = ENTITIES[table] as EntityName<{ tenantId: string }>;
      const seen = await db.unitOfWork.run(tenantScope(schoolA), async (em) => ({
        orm: (await em.find(entity, {}, { filters: false })).map((row) => row.tenantId),
        sql: (await em.execute<{ tenant_id: string }[]>(`select tenant_id from ${table}`)).map((r) => r.tenant_id),
      }));
      expect(seen).toEqual({ orm: [schoolA, schoolA], sql: [schoolA, schoolA] });
      // Not vacuous: the owner sees both schools' rows.
      const [{ n }] = await db.ownerQuery<{ n: number }>(`select count(*)::int as n from ${table}`);
      expect(n).toBe(5);
    },
  );

  it.each(TABLES)(
    "%s: another school's rows can be neither changed nor deleted, nor rows written in its name",
    async (table) => {
      const affected = await db.unitOfWork.run(tenantScope(schoolA), async (em) => ({
        updated: (
          await em.execute<QueryResult>(
            `update ${table} set tenant_id = tenant_id where tenant_id = ?`,
            [schoolB],
            'run',
          )
        ).affectedRows,
        deleted: (await em.execute<QueryResult>(`delete from ${table} where tenant_id = ?`, [schoolB], 'run'))
          .affectedRows,
      }));
      expect(affected).toEqual({ updated: 0, deleted: 0 });
      await expect(
        db.unitOfWork.run(tenantScope(schoolA), (em) =>
          em.execute(`update ${table} set tenant_id = ? where tenant_id = ?`, [schoolB, schoolA]),
        ),
      ).rejects.toThrow(/row-level security policy/);
      const [{ n }] = await db.ownerQuery<{ n: number }>(
        `select count(*)::int as n from ${table} where tenant_id = $1`,
        [schoolB],
      );
      expect(n).toBe(3);
    },
  );

  it('P17: deleting a pupil row deletes its guardians, consents, health notes and photograph with it', async () => {
    const [pupilId] = pupilsOf.get(schoolB)!;
    await db.unitOfWork.run(tenantScope(schoolB), (em) => em.execute('delete from pupil where id = ?', [pupilId]));
    for (const table of TABLES) {
      expect(await db.ownerQuery(`select 1 from ${table} where pupil_id = $1`, [pupilId])).toEqual([]);
      const [{ n }] = await db.ownerQuery<{ n: number }>(
        `select count(*)::int as n from ${table} where tenant_id = $1`,
        [schoolB],
      );
      expect(n).toBe(2);
    }
  });
});
