import { PUPIL_UPDATED, SUPPORT_GRANT_REVOKED } from '@pt/contracts';
import { Client } from 'pg';
import { newPupil, waitForEntries, World } from '@pt/testing';

/**
 * Issue 5's resilience promise end to end: while audit is stopped, sign-ins, pupil changes
 * and support grants go on; when it returns, every event is in the log exactly once and
 * every chain still verifies.
 */
describe('Audit catches up after being stopped while the school works (P24)', () => {
  let world: World;
  let db: Client;
  let schoolId: string;

  beforeAll(async () => {
    world = await World.start({ label: 'auditcatchup', processes: ['gateway', 'identity', 'pupil-records', 'audit'] });
    schoolId = (await world.school({ signed: true })).id;
    db = await world.stack.connectOwner('audit');
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  it('P24: sign-ins, pupil changes and grants made while audit is down are each logged once when it returns, and the chains verify', async () => {
    const admin = await world.staff(schoolId, ['school-admin']);
    expect(await world.stack.stopProcess('audit')).toBe(0);

    // The school carries on: sign-ins, pupils created and changed, a support grant given and ended.
    const teachers = await Promise.all([1, 2, 3].map(() => world.staff(schoolId, ['teacher'])));
    expect(teachers).toHaveLength(3);
    const pupils = [];
    for (const yearGroup of ['3', '4', '5']) {
      const created = await world.call(admin, 'POST', '/api/v1/pupils', newPupil({ yearGroup }));
      expect(created.status).toBe(201);
      pupils.push(created);
    }
    const changed = await world.call(
      admin,
      'PATCH',
      `/api/v1/pupils/${pupils[0].body.id}`,
      { eal: true },
      {
        headers: {
          'if-match': pupils[0].headers.get('etag')!,
        },
      },
    );
    expect(changed.status).toBe(200);
    const grant = await world.call(admin, 'POST', '/api/v1/support-grants', {
      reason: 'Import help',
      durationHours: 1,
    });
    expect(grant.status).toBe(201);
    expect((await world.call(admin, 'DELETE', `/api/v1/support-grants/${grant.body.id}`)).status).toBe(200);

    // The outbox relays publish after answering: wait until each service's last change is in the stream.
    const ids = (
      await world.published(
        undefined,
        (events) =>
          events.some((e) => e.subject === SUPPORT_GRANT_REVOKED.subject && e.data.grantId === grant.body.id) &&
          events.some((e) => e.subject === PUPIL_UPDATED.subject && e.data.pupilId === changed.body.id),
      )
    ).map((event) => event.id);
    const logged = await db.query('select count(*)::int as n from audit_entry where event_id = any($1::uuid[])', [ids]);
    expect(logged.rows[0].n).toBeLessThan(ids.length);

    await world.stack.startProcess('audit');
    // Well inside the consumer's 30 s ack wait: a stopping consumer hands back what its last pull brings.
    await waitForEntries(world, ids, 20_000);

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
      const verified = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/audit-verifications', body);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ ok: true });
    }
  }, 90_000);
});
