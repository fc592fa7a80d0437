import { BrowserClient, problemOf, World } from '@pt/testing';
import { Client } from 'pg';

const PASSWORD = 'Quiet-Heron-2026';

describe('Active sessions: activity, ops and school views, ending sessions, idle expiry (P13)', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let second: string;
  let opsToken: string;
  let schoolA: string;
  let schoolB: string;
  let adminA: string;

  const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });
  const opsSessions = async (query = '') => json(await api.get(`/api/v1/ops/sessions${query}`, { token: opsToken }));
  const sessionStatusOn = (base: string, token: string) =>
    fetch(`${base}/api/v1/auth/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  const sessionIdOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid as string;

  beforeAll(async () => {
    world = await World.start({
      label: 'p13sessions',
      processes: ['gateway', 'identity'],
      admin: false,
      envFor: {
        identity: { SESSION_IDLE_SWEEP_MS: '200' },
        gateway: { TRUST_PROXY: 'true', ACTIVITY_REPORT_INTERVAL_SECONDS: '1', ACTIVITY_FLUSH_MS: '100' },
      },
    });
    second = await world.stack.startGatewayReplica('gateway#2');
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    const ops = await world.account(null, PASSWORD, { roles: ['ops'] });
    opsToken = (await api.signIn(ops.username, PASSWORD)).accessToken;
    schoolA = (await world.school({ concurrentSessions: 'allow' })).id;
    schoolB = (await world.school({ concurrentSessions: 'allow' })).id;
    const admin = await world.account(schoolA, PASSWORD, { roles: ['school-admin'] });
    adminA = (await api.signIn(admin.username, PASSWORD)).accessToken;
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  it('P13: sign-in records client IP and user agent; ops list active sessions with school, user, roles and times', async () => {
    const teacher = await world.account(schoolA, PASSWORD);
    const { accessToken } = await api.signIn(teacher.username, PASSWORD, {
      ip: '203.0.113.7',
      headers: { 'user-agent': 'P13-Browser/1.0' },
    });
    const { status, body } = await opsSessions(`?schoolId=${schoolA}`);
    expect(status).toBe(200);
    const listed = body.items.find((item: any) => item.id === sessionIdOf(accessToken));
    expect(listed).toMatchObject({
      schoolId: schoolA,
      userId: teacher.id,
      username: teacher.username,
      userKind: 'staff',
      roles: ['teacher'],
      ip: '203.0.113.7',
      userAgent: 'P13-Browser/1.0',
    });
    expect(Date.parse(listed.signedInAt)).toBeLessThanOrEqual(Date.parse(listed.lastSeenAt));
    expect(body.items.every((item: any) => item.schoolId === schoolA)).toBe(true);
  });

  it('P13: requests report activity in batches (even routes that never reach identity): last seen, IP and agent move on', async () => {
    const teacher = await world.account(schoolA, PASSWORD);
    const { accessToken } = await api.signIn(teacher.username, PASSWORD, { ip: '203.0.113.8' });
    const sessionId = sessionIdOf(accessToken);
    const before = (await db.query('select last_seen_at from session where id = $1', [sessionId])).rows[0].last_seen_at;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // GET /api/v1/auth/session is answered by the gateway alone: no bus request is made for it.
    for (let i = 0; i < 20; i++) {
      const reply = await api.get('/api/v1/auth/session', {
        token: accessToken,
        ip: '198.51.100.9',
        headers: { 'user-agent': 'P13-Tablet/2.0' },
      });
      expect(reply.status).toBe(200);
    }
    await world.until(async () => {
      const { body } = await opsSessions(`?schoolId=${schoolA}`);
      const item = body.items.find((i: any) => i.id === sessionId);
      return item?.lastSeenIp === '198.51.100.9' && Date.parse(item.lastSeenAt) > before.getTime();
    }, 5000);
    const { body } = await opsSessions(`?schoolId=${schoolA}`);
    expect(body.items.find((i: any) => i.id === sessionId)).toMatchObject({
      ip: '203.0.113.8',
      userAgent: 'node',
      lastSeenIp: '198.51.100.9',
      lastSeenUserAgent: 'P13-Tablet/2.0',
    });
  });

  it('P13: the summary counts active sessions per school, aggregated in identity', async () => {
    const school = (await world.school({ concurrentSessions: 'allow' })).id;
    const other = (await world.school({ concurrentSessions: 'allow' })).id;
    const one = await world.account(school, PASSWORD);
    const two = await world.account(school, PASSWORD);
    const three = await world.account(other, PASSWORD);
    for (const staff of [one, two, three]) await api.signIn(staff.username, PASSWORD);
    const { status, body } = await json(await api.get('/api/v1/ops/sessions/summary', { token: opsToken }));
    expect(status).toBe(200);
    expect(body.schools).toEqual(
      expect.arrayContaining([
        { schoolId: school, active: 2 },
        { schoolId: other, active: 1 },
      ]),
    );
    expect(body.total).toBe(body.schools.reduce((sum: number, row: any) => sum + row.active, 0));
    expect(body.idleMinutes).toBe(30);
  });

  it('P13: the list pages by cursor without repeating or skipping a session', async () => {
    const school = (await world.school({ concurrentSessions: 'allow' })).id;
    const staff = await world.account(school, PASSWORD);
    const signedIn = new Set<string>();
    for (let i = 0; i < 5; i++) signedIn.add(sessionIdOf((await api.signIn(staff.username, PASSWORD)).accessToken));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?schoolId=${school}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { body } = await opsSessions(query);
      seen.push(...body.items.map((item: any) => item.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(signedIn);
  });

  it("P13: a school admin lists only their own school's sessions; another school's session id answers 404", async () => {
    const mine = await world.account(schoolA, PASSWORD);
    const theirs = await world.account(schoolB, PASSWORD);
    const mineToken = (await api.signIn(mine.username, PASSWORD)).accessToken;
    const theirsToken = (await api.signIn(theirs.username, PASSWORD)).accessToken;
    const { status, body } = await json(await api.get('/api/v1/sessions?limit=200', { token: adminA }));
    expect(status).toBe(200);
    expect(body.items.map((i: any) => i.id)).toContain(sessionIdOf(mineToken));
    expect(body.items.every((i: any) => i.schoolId === schoolA)).toBe(true);

    const foreign = await api.post(`/api/v1/sessions/${sessionIdOf(theirsToken)}/end`, {}, { token: adminA });
    expect(foreign.status).toBe(404);
    expect(await problemOf(foreign)).toMatchObject({ code: 'session.not_found' });
    expect(await sessionStatusOn(world.stack.baseUrl, theirsToken)).toBe(200);
  });

  it("P13: a school admin ends one of their school's sessions: refused at once on every gateway replica, audited by ids", async () => {
    const teacher = await world.account(schoolA, PASSWORD);
    const { accessToken } = await api.signIn(teacher.username, PASSWORD);
    expect(await sessionStatusOn(second, accessToken)).toBe(200);
    const sessionId = sessionIdOf(accessToken);
    const ended = await json(await api.post(`/api/v1/sessions/${sessionId}/end`, {}, { token: adminA }));
    expect(ended).toMatchObject({ status: 200, body: { sessionId, reason: 'ended_by_school_admin' } });
    await world.until(async () => (await sessionStatusOn(second, accessToken)) === 401, 1000, 20);
    expect(await sessionStatusOn(world.stack.baseUrl, accessToken)).toBe(401);
    const events = await world.eventsOf('evt.identity.session.ended-by-admin', (all) =>
      all.some((e) => e.data.sessionId === sessionId),
    );
    expect(events.find((e) => e.data.sessionId === sessionId)).toEqual({
      subject: 'evt.identity.session.ended-by-admin',
      tenantId: schoolA,
      data: { sessionId, userId: teacher.id, by: 'school_admin' },
    });
    const again = await api.post(`/api/v1/sessions/${sessionId}/end`, {}, { token: adminA });
    expect(again.status).toBe(409);
  });

  it('P13: ops end any session with a reason, kept with the session and out of the event; a reason is required', async () => {
    const teacher = await world.account(schoolB, PASSWORD);
    const { accessToken } = await api.signIn(teacher.username, PASSWORD);
    const sessionId = sessionIdOf(accessToken);
    const missing = await api.post(`/api/v1/ops/sessions/${sessionId}/end`, {}, { token: opsToken });
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).errors).toEqual([expect.objectContaining({ field: 'reason' })]);

    const ended = await api.post(
      `/api/v1/ops/sessions/${sessionId}/end`,
      { reason: 'Suspicious use reported by the school' },
      { token: opsToken },
    );
    expect(ended.status).toBe(200);
    await world.until(async () => (await sessionStatusOn(second, accessToken)) === 401, 1000, 20);
    const row = (await db.query('select end_reason, end_note from session where id = $1', [sessionId])).rows[0];
    expect(row).toEqual({ end_reason: 'ended_by_ops', end_note: 'Suspicious use reported by the school' });
    const events = await world.eventsOf('evt.identity.session.ended', (all) =>
      all.some((e) => e.data.sessionId === sessionId),
    );
    expect(events.find((e) => e.data.sessionId === sessionId)!.data).toEqual({
      sessionId,
      userId: teacher.id,
      reason: 'ended_by_ops',
    });
  });

  it('P13: only ops see the platform views; bad input is a 400 naming the field', async () => {
    const refused = await api.get('/api/v1/ops/sessions', { token: adminA });
    expect(refused.status).toBe(403);
    expect((await api.get('/api/v1/ops/sessions/summary', { token: adminA })).status).toBe(403);
    const teacher = await world.account(schoolA, PASSWORD);
    const teacherToken = (await api.signIn(teacher.username, PASSWORD)).accessToken;
    expect((await api.get('/api/v1/sessions', { token: teacherToken })).status).toBe(403);

    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?schoolId=not-a-uuid', 'schoolId'],
      ['?cursor=bm9wZQ', 'cursor'],
    ]) {
      const bad = await api.get(`/api/v1/ops/sessions${query}`, { token: opsToken });
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).errors).toEqual([expect.objectContaining({ field })]);
    }
    const badId = await api.post('/api/v1/ops/sessions/123/end', { reason: 'x' }, { token: opsToken });
    expect(badId.status).toBe(400);
  });

  it('P13: a session not seen within SESSION_IDLE_MINUTES is ended as idle, refused with 401 session.idle and no longer listed', async () => {
    const teacher = await world.account(schoolB, PASSWORD);
    const { accessToken } = await api.signIn(teacher.username, PASSWORD);
    const sessionId = sessionIdOf(accessToken);
    try {
      // 31 minutes later (identity and both gateways), with no request from that session meanwhile.
      await world.setClock(31 * 60_000, 3);
      // Watched in the database: a request with the token would itself count as activity.
      await world.until(
        async () =>
          (await db.query('select end_reason from session where id = $1', [sessionId])).rows[0].end_reason === 'idle',
        5000,
        50,
      );
      await world.until(async () => (await sessionStatusOn(second, accessToken)) === 401, 1000, 20);
      const refused = await api.get('/api/v1/me', { token: accessToken });
      expect(refused.status).toBe(401);
      expect(await problemOf(refused)).toMatchObject({ code: 'session.idle' });
      const events = await world.eventsOf('evt.identity.session.ended', (all) =>
        all.some((e) => e.data.sessionId === sessionId),
      );
      expect(events.find((e) => e.data.sessionId === sessionId)!.data.reason).toBe('idle');
    } finally {
      await world.setClock(0, 3);
    }
    const ops = await world.account(null, PASSWORD, { roles: ['ops'] });
    opsToken = (await api.signIn(ops.username, PASSWORD)).accessToken;
    const { body } = await opsSessions(`?schoolId=${schoolB}&limit=200`);
    expect(body.items.map((i: any) => i.id)).not.toContain(sessionId);
  });
});
