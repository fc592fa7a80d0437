import { Client } from 'pg';
import { waitForEntries } from './audit-support';
import { newPupil, PupilsStack, startPupilsStack } from './pupils-support';

/**
 * Issue 5's resilience promise end to end: while audit is stopped, sign-ins, pupil changes
 * and support grants go on; when it returns, every event is in the log exactly once and
 * every chain still verifies.
 */
describe('Audit catches up after being stopped while the school works (P24)', () => {
  let ps: PupilsStack;
  let db: Client;
  let schoolId: string;

  beforeAll(async () => {
    ps = await startPupilsStack('auditcatchup');
    schoolId = await ps.createSchool(true);
    db = await ps.stack.connectOwner('audit');
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await ps?.stop();
  });

  it('P24: sign-ins, pupil changes and grants made while audit is down are each logged once when it returns, and the chains verify', async () => {
    const admin = await ps.staff(schoolId, ['school-admin']);
    expect(await ps.stack.stopProcess('audit')).toBe(0);

    // The school carries on: sign-ins, pupils created and changed, a support grant given and ended.
    const teachers = await Promise.all([1, 2, 3].map(() => ps.staff(schoolId, ['teacher'])));
    expect(teachers).toHaveLength(3);
    const pupils = [];
    for (const yearGroup of ['3', '4', '5']) {
      const created = await ps.call('POST', '/api/v1/pupils', admin, newPupil({ yearGroup }));
      expect(created.status).toBe(201);
      pupils.push(created);
    }
    const changed = await ps.call(
      'PATCH',
      `/api/v1/pupils/${pupils[0].body.id}`,
      admin,
      { eal: true },
      {
        'if-match': pupils[0].headers.get('etag')!,
      },
    );
    expect(changed.status).toBe(200);
    const grant = await ps.call('POST', '/api/v1/support-grants', admin, { reason: 'Import help', durationHours: 1 });
    expect(grant.status).toBe(201);
    expect((await ps.call('DELETE', `/api/v1/support-grants/${grant.body.id}`, admin)).status).toBe(200);

    const ids = (await ps.stack.publishedEvents()).map((event) => event.id);
    const logged = await db.query('select count(*)::int as n from audit_entry where event_id = any($1::uuid[])', [ids]);
    expect(logged.rows[0].n).toBeLessThan(ids.length);

    await ps.stack.startProcess('audit');
    await waitForEntries(ps.stack, db, ids, 20_000);

    const twice = await db.query(
      'select event_id from audit_entry where event_id = any($1::uuid[]) group by event_id having count(*) > 1',
      [ids],
    );
    expect(twice.rows).toEqual([]);
    const actions = (
      await db.query('select distinct action from audit_entry where event_id = any($1::uuid[])', [ids])
    ).rows.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'identity.session.started',
        'pupil-records.pupil.created',
        'pupil-records.pupil.updated',
        'identity.support-grant.created',
      ]),
    );

    for (const body of [{ schoolId }, {}]) {
      const verified = await ps.call('POST', '/api/v1/platform/audit-verifications', ps.platformToken, body);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ ok: true });
    }
  }, 90_000);
});
