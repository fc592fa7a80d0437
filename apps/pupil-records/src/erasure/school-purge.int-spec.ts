import { CREATE_PUPIL, ERASE_PUPIL, PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED, SCHOOL_PURGE_STARTED } from '@pt/contracts';
import { anEvent, aPupil, aStaff, aSystemJob, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { aSignedSchool, startPupilRecordsHarness } from '../pupil-records.harness';

describe("P25: a school's purge in pupil-records (the shape every service's purge consumer shares)", () => {
  let pupilRecords: ServiceHarness;

  const rowsOf = (school: SchoolRef) =>
    pupilRecords.sql<{ pupils: string; statuses: string }>(
      `select (select count(*) from pupil where tenant_id = $1) as pupils,
              (select count(*) from school_status where tenant_id = $1) as statuses`,
      [school.id],
    );

  beforeAll(async () => {
    pupilRecords = await startPupilRecordsHarness();
  });

  afterAll(async () => {
    await pupilRecords?.stop();
  });

  it('deletes every row of the school, touches no other school, confirms with the counts, and does it once', async () => {
    const purged = await aSignedSchool(pupilRecords);
    const other = await aSignedSchool(pupilRecords);
    // Written under Idempotency-Keys: their recorded replies (a pupil's view) are the school's data too.
    for (const school of [purged, purged, other]) {
      const keyed = { ...aStaff(school), idempotency: { key: randomUUID(), fingerprint: 'f' } };
      await pupilRecords.call(CREATE_PUPIL, aPupil(), keyed);
    }

    const purgeId = randomUUID();
    const started = anEvent(SCHOOL_PURGE_STARTED, { schoolId: purged.id, purgeId }, aSystemJob(purged));
    expect(await pupilRecords.deliver(started)).toEqual(['processed']);
    expect(await pupilRecords.deliver(started)).toEqual(['duplicate']);

    expect(await rowsOf(purged)).toEqual([{ pupils: '0', statuses: '0' }]);
    expect(await rowsOf(other)).toEqual([{ pupils: '1', statuses: '1' }]);
    const confirmations = await pupilRecords.staged(PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ tenantId: purged.id, data: { schoolId: purged.id, purgeId } });
    expect(confirmations[0].data.deleted).toMatchObject({ pupil: 2, school_status: 1, idempotent_reply: 2 });
  });

  it("P17: a pupil's erasure deletes the Idempotency-Key replies that hold the pupil, and no other pupil's", async () => {
    const school = await aSignedSchool(pupilRecords);
    const admin = aStaff(school, { roles: ['school-admin'] });
    const keyed = () => ({ ...admin, idempotency: { key: randomUUID(), fingerprint: 'f' } });
    const erased = await pupilRecords.call(CREATE_PUPIL, aPupil(), keyed());
    const kept = await pupilRecords.call(CREATE_PUPIL, aPupil(), keyed());
    const repliesNaming = async (pupilId: string) =>
      (await pupilRecords.sql(`select 1 from idempotent_reply where strpos(reply::text, $1) > 0`, [pupilId])).length;
    expect(await repliesNaming(erased.id)).toBe(1);

    await pupilRecords.call(
      ERASE_PUPIL,
      { pupilId: erased.id, requestedBy: 'parent', reason: 'Asked in writing' },
      admin,
    );
    expect(await repliesNaming(erased.id)).toBe(0);
    expect(await repliesNaming(kept.id)).toBe(1);
  });

  it('ignores a purge whose school is not the tenant the event was sent for', async () => {
    const school = await aSignedSchool(pupilRecords);
    await pupilRecords.call(CREATE_PUPIL, aPupil(), aStaff(school));
    const other = await aSignedSchool(pupilRecords);
    await pupilRecords.deliver(
      anEvent(SCHOOL_PURGE_STARTED, { schoolId: school.id, purgeId: randomUUID() }, aSystemJob(other)),
    );
    expect(await rowsOf(school)).toEqual([{ pupils: '1', statuses: '1' }]);
  });
});
