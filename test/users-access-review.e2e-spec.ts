import { activate, SchoolAdmin, schoolWithAdmin, World, WORLD_PASSWORD } from '@pt/testing';

const DAY_MS = 86_400_000;

/** P8: schools review who has access, each term, and are reminded when a review is due. */
describe('Access review (P8)', () => {
  let world: World;
  let school: SchoolAdmin;
  let other: SchoolAdmin;
  const ids: Record<string, string> = {};

  const invite = async (admin: SchoolAdmin, name: string, roles: string[]) => {
    const reply = await world.call(admin.token, 'POST', '/api/v1/users', {
      firstName: 'Rev',
      lastName: name,
      username: `rev.${name}`,
      email: `rev.${name}@school.test`,
      roles,
    });
    expect(reply.status).toBe(201);
    return reply.body.id as string;
  };

  beforeAll(async () => {
    // Not the defaults (90 and 120), to show both are taken from configuration.
    world = await World.start({
      label: 'usersreview',
      processes: ['gateway', 'identity'],
      mail: true,
      envFor: {
        identity: {
          ACCESS_REVIEW_INACTIVE_DAYS: '30',
          ACCESS_REVIEW_INTERVAL_DAYS: '100',
        },
      },
    });
    school = await schoolWithAdmin(world, 'review');
    other = await schoolWithAdmin(world, 'reviewother');

    ids.dormant = await invite(school, 'dormant', ['teacher']);
    await activate(world, 'rev.dormant@school.test');
    (await world.signIn('rev.dormant', WORLD_PASSWORD)).token;
    await world.sql('identity', `update user_account set last_sign_in_at = now() - interval '45 days' where id = $1`, [
      ids.dormant,
    ]);

    ids.unused = await invite(school, 'unused', ['office']);
    await activate(world, 'rev.unused@school.test');
    await world.sql('identity', `update user_account set created_at = now() - interval '40 days' where id = $1`, [
      ids.unused,
    ]);

    ids.pending = await invite(school, 'pending', ['read-only']);
    ids.leaver = await invite(school, 'leaver', ['teacher']);
    await world.call(school.token, 'POST', `/api/v1/users/${ids.leaver}/deactivate`);
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it("P8: the report shows each user's roles, status and last sign-in, and flags accounts not used for N days", async () => {
    const report = await world.call(school.token, 'GET', '/api/v1/users/access-review');
    expect(report.status).toBe(200);
    expect(report.body.inactiveAfterDays).toBe(30);
    const byId = Object.fromEntries(report.body.items.map((item: { userId: string }) => [item.userId, item]));
    expect(Object.keys(byId).sort()).toEqual([school.userId, ...Object.values(ids)].sort());

    expect(byId[school.userId]).toMatchObject({
      roles: ['school-admin'],
      status: 'active',
      lastSignInAt: expect.any(String),
      flags: [],
    });
    expect(byId[ids.dormant]).toMatchObject({ roles: ['teacher'], status: 'active', flags: ['inactive'] });
    expect(Date.now() - Date.parse(byId[ids.dormant].lastSignInAt)).toBeGreaterThan(44 * DAY_MS);
    expect(byId[ids.unused]).toMatchObject({
      status: 'active',
      lastSignInAt: null,
      flags: ['inactive', 'never_signed_in'],
    });
    expect(byId[ids.pending]).toMatchObject({ status: 'invited', flags: ['never_signed_in', 'invitation_pending'] });
    expect(byId[ids.leaver]).toMatchObject({ status: 'deactivated', flags: [] });

    const paged = await world.call(school.token, 'GET', '/api/v1/users/access-review?limit=2');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
  });

  it('P8: a termly review is recorded (who, when, counts) and the reminder says when it is overdue', async () => {
    const before = await world.call(school.token, 'GET', '/api/v1/users/access-reviews');
    expect(before.status).toBe(200);
    // A new school is not overdue on its first day: its first review falls due a term after it joined.
    expect(before.body).toMatchObject({ items: [], lastReviewedAt: null, overdue: false, intervalDays: 100 });
    expect(Date.parse(before.body.nextDueAt) - Date.now()).toBeGreaterThan(99 * DAY_MS);

    await world.sql('identity', `update school set created_at = now() - interval '101 days' where id = $1`, [
      school.schoolId,
    ]);
    const due = await world.call(school.token, 'GET', '/api/v1/users/access-reviews');
    expect(due.body.overdue).toBe(true);

    const recorded = await world.call(school.token, 'POST', '/api/v1/users/access-reviews', {
      notes: 'Autumn term: removed two leavers',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toEqual({
      id: expect.any(String),
      reviewedBy: school.userId,
      reviewedAt: expect.any(String),
      notes: 'Autumn term: removed two leavers',
      userCount: 5,
      inactiveCount: 2,
    });
    const after = await world.call(school.token, 'GET', '/api/v1/users/access-reviews');
    expect(after.body).toMatchObject({ overdue: false, lastReviewedAt: recorded.body.reviewedAt });
    expect(after.body.items.map((r: { id: string }) => r.id)).toEqual([recorded.body.id]);

    // A term later without another review, the reminder is back.
    await world.sql('identity', `update access_review set reviewed_at = now() - interval '101 days' where id = $1`, [
      recorded.body.id,
    ]);
    expect((await world.call(school.token, 'GET', '/api/v1/users/access-reviews')).body.overdue).toBe(true);

    const events = await world.eventsOf('evt.identity.access-review.recorded');
    expect(events).toEqual([
      {
        subject: 'evt.identity.access-review.recorded',
        tenantId: school.schoolId,
        data: { reviewId: recorded.body.id },
      },
    ]);
  });

  it("P8: reviews are the school's own, for user managers only; unknown fields are refused", async () => {
    const elsewhere = await world.call(other.token, 'GET', '/api/v1/users/access-reviews');
    expect(elsewhere.body.items).toEqual([]);
    const otherReport = await world.call(other.token, 'GET', '/api/v1/users/access-review');
    expect(otherReport.body.items.map((i: { userId: string }) => i.userId)).toEqual([other.userId]);

    const teacher = (await world.signIn('rev.dormant', WORLD_PASSWORD)).token;
    expect((await world.call(teacher, 'GET', '/api/v1/users/access-review')).status).toBe(403);
    expect((await world.call(teacher, 'POST', '/api/v1/users/access-reviews', {})).status).toBe(403);

    const extra = await world.call(school.token, 'POST', '/api/v1/users/access-reviews', {
      notes: 'x',
      reviewedBy: other.userId,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ field: 'reviewedBy', message: 'is not an allowed field' }]);
  });
});
