import { School, waitForImport, World } from '@pt/testing';
import { expectedPupil, generateCtfBuffer, GenerateCtfOptions } from '../apps/pupil-records/src/ctf/ctf-generator';

/**
 * An import announces each batch's pupils in one event (evt.pupil-records.pupil.imported);
 * the consumers of the single pupil events must still see every pupil it created or changed.
 */
describe('P15, P24: what an import created and changed reaches assessment and the audit trail, pupil by pupil', () => {
  let world: World;
  let school: School;
  let head: string;

  beforeAll(async () => {
    world = await World.start({
      label: 'importconsumers',
      processes: ['gateway', 'identity', 'pupil-records', 'assessment', 'audit'],
    });
    school = await world.school({ laCode: '994', establishmentNumber: '7301', signed: true });
    head = (await world.staff(school)).token;
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  const importFile = async (options: GenerateCtfOptions) => {
    const reply = await world.call(head, 'POST', '/api/v1/pupil-imports?format=ctf', await generateCtfBuffer(options), {
      contentType: 'application/xml',
    });
    expect(reply.status).toBe(202);
    return waitForImport(world, head, reply.body.id);
  };

  /** The audit entries of one action about this school's pupils: subject id to entry count. */
  const auditSubjects = async (action: string) => {
    const rows = await world.sql<{ subject_id: string; n: number }>(
      'audit',
      `select subject_id, count(*)::int as n from audit_entry
        where tenant_id = $1 and action = $2 and subject_type = 'pupil' group by subject_id`,
      [school.id, action],
    );
    return new Map(rows.map((row) => [row.subject_id, row.n]));
  };

  it('every created pupil has its pupil.created audit entry and is in assessment; a changed one its pupil.updated', async () => {
    const options: GenerateCtfOptions = { pupils: 30, seed: 71, destination: { lea: '994', estab: '7301' } };
    const job = await importFile(options);
    expect(job.report).toMatchObject({ created: 30, rejected: 0 });
    const ids = await world.sql<{ id: string; upn: string }>(
      'pupil-records',
      'select id, upn from pupil where tenant_id = $1',
      [school.id],
    );
    expect(ids).toHaveLength(30);

    await world.until(async () => (await auditSubjects('pupil-records.pupil.created')).size === 30, 30_000);
    const created = await auditSubjects('pupil-records.pupil.created');
    expect([...created.keys()].sort()).toEqual(ids.map((row) => row.id).sort());
    expect([...created.values()].every((n) => n === 1)).toBe(true);
    await world.until(async () => {
      const [{ n }] = await world.sql<{ n: number }>(
        'assessment',
        'select count(distinct pupil_id)::int as n from pupil_period where tenant_id = $1',
        [school.id],
      );
      return n === 30;
    }, 30_000);

    // The same file again after a surname was changed here: one pupil.updated entry, naming the field and the import.
    const moved = expectedPupil(options, 0);
    const pupilId = ids.find((row) => row.upn === moved.upn)!.id;
    await world.sql('pupil-records', `update pupil set legal_surname = 'Typo' where id = $1`, [pupilId]);
    const again = await importFile(options);
    expect(again.report).toMatchObject({ created: 0, updated: 1, unchanged: 29 });
    await world.until(async () => (await auditSubjects('pupil-records.pupil.updated')).get(pupilId) === 1, 30_000);
    const [entry] = await world.sql<{ detail: { fields: string[]; importId: string } }>(
      'audit',
      `select detail from audit_entry where tenant_id = $1 and action = 'pupil-records.pupil.updated' and subject_id = $2`,
      [school.id, pupilId],
    );
    expect(entry.detail).toMatchObject({ fields: ['legalSurname'], importId: again.id });
    expect((await auditSubjects('pupil-records.pupil.updated')).size).toBe(1);

    const verified = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/audit-verifications', {
      schoolId: school.id,
    });
    expect(verified.body).toMatchObject({ ok: true });
  }, 120_000);
});
