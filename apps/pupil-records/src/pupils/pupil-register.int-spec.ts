import { CREATE_PUPIL, GET_PUPIL, LIST_PUPILS, UPDATE_PUPIL } from '@pt/contracts';
import { aPupil, aSchool, aStaff, aUpn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { aSignedSchool, deliverSchoolStatus, startPupilRecordsHarness } from '../pupil-records.harness';

describe('P14, P11, P16, P19: the pupil register (pupil-records)', () => {
  let pupilRecords: ServiceHarness;
  let adminA: ReturnType<typeof aStaff>;
  let adminB: ReturnType<typeof aStaff>;

  beforeAll(async () => {
    pupilRecords = await startPupilRecordsHarness();
    adminA = aStaff(await aSignedSchool(pupilRecords));
    adminB = aStaff(await aSignedSchool(pupilRecords));
  });

  afterAll(async () => {
    await pupilRecords?.stop();
  });

  it('P11: a school that has not signed the data processing terms cannot add pupils (409), and can once it has', async () => {
    const unsigned = aSchool();
    const admin = aStaff(unsigned);
    expect(await pupilRecords.attempt(CREATE_PUPIL, aPupil(), admin)).toMatchObject({
      kind: 'conflict',
      code: 'school.data_processing_not_signed',
    });
    expect(await pupilRecords.sql('select id from pupil where tenant_id = $1', [unsigned.id])).toEqual([]);

    // pupil-records learns of the signature from identity's durable event, without being asked.
    await deliverSchoolStatus(pupilRecords, unsigned, { status: 'active', dataProcessingAllowed: true });
    const rows = await pupilRecords.sql<{ data_processing_allowed: boolean }>(
      'select data_processing_allowed from school_status where tenant_id = $1',
      [unsigned.id],
    );
    expect(rows[0]?.data_processing_allowed).toBe(true);
    await pupilRecords.call(CREATE_PUPIL, aPupil(), admin);
  });

  it('P14: a UPN is unique within a school (409 pupil.upn_taken) but another school may hold the same one', async () => {
    const upn = aUpn();
    await pupilRecords.call(CREATE_PUPIL, aPupil({ upn }), adminA);
    expect(await pupilRecords.attempt(CREATE_PUPIL, aPupil({ upn: upn.toLowerCase() }), adminA)).toMatchObject({
      kind: 'conflict',
      code: 'pupil.upn_taken',
    });
    await pupilRecords.call(CREATE_PUPIL, aPupil({ upn }), adminB);
  });

  it('P16: SEN need is refused without the special-category consent', async () => {
    expect(
      await pupilRecords.attempt(CREATE_PUPIL, aPupil({ senStatus: 'sen-support', senNeeds: ['ASD'] }), adminA),
    ).toMatchObject({ kind: 'conflict', code: 'consent.special_category_required' });
    const pupil = await pupilRecords.call(CREATE_PUPIL, aPupil(), adminA);
    expect(
      await pupilRecords.attempt(
        UPDATE_PUPIL,
        { pupilId: pupil.id, expectedVersion: 1, changes: { senNeeds: ['SPLD'] } },
        adminA,
      ),
    ).toMatchObject({ kind: 'conflict', code: 'consent.special_category_required' });
  });

  it("P19: another school's pupil answers 404 to read and to change, exactly like one that does not exist", async () => {
    const theirs = await pupilRecords.call(CREATE_PUPIL, aPupil({ legalSurname: 'Elsewhere' }), adminB);
    expect(await pupilRecords.attempt(GET_PUPIL, { pupilId: theirs.id }, adminA)).toMatchObject({
      kind: 'not_found',
      code: 'pupil.not_found',
    });
    expect(
      await pupilRecords.attempt(
        UPDATE_PUPIL,
        { pupilId: theirs.id, expectedVersion: 1, changes: { fsm: true } },
        adminA,
      ),
    ).toMatchObject({ kind: 'not_found', code: 'pupil.not_found' });
    expect((await pupilRecords.call(LIST_PUPILS, { q: 'elsewhere', limit: 50 }, adminA)).items).toEqual([]);
    expect((await pupilRecords.call(GET_PUPIL, { pupilId: theirs.id }, adminB)).id).toBe(theirs.id);
  });
});
