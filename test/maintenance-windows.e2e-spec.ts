import { BrowserClient, problemOf, Staff, World } from '@pt/testing';
import { Client } from 'pg';

const PASSWORD = 'Quiet-Heron-2026';
const PLATFORM_ADMIN = { login: 'p13.admin@platform.test', password: 'P13-Platform-Admin-1' };

const MINUTE = 60_000;
const WINDOWS = '/api/v1/ops/maintenance-windows';

describe('Maintenance windows: snapshots before, warnings, refusals during, exactly once on two replicas (P13)', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let opsToken: string;
  let schoolA: string;
  let schoolB: string;
  /** Processes whose clocks tests move: the gateway and the identity replicas running. */
  let processes = 2;
  let offset = 0;

  const json = async (response: Response) => ({
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as any,
  });
  const sessionIdOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid as string;
  /** Every process's clock now reads `at` (a real-time instant plus what tests moved it by). */
  const clockTo = async (at: number) => {
    offset = at - Date.now();
    await world.setClock(offset, processes);
  };
  const create = (body: unknown) => api.post(WINDOWS, body, { token: opsToken }).then(json);
  const snapshots = async (id: string) =>
    (await json(await api.get(`${WINDOWS}/${id}/snapshots`, { token: opsToken }))).body.items as any[];
  const stepsTaken = async (id: string, steps: string[]) =>
    world.until(async () => {
      const taken = (await snapshots(id)).map((s) => s.step);
      return steps.every((step) => taken.includes(step));
    }, 10_000);
  const signInStatus = async (staff: Staff) =>
    api.post('/api/v1/auth/sign-in', { login: staff.username, password: PASSWORD });

  beforeAll(async () => {
    world = await World.start({
      label: 'p13maint',
      processes: ['gateway', 'identity'],
      admin: PLATFORM_ADMIN,
      signInAdmin: false,
      envFor: {
        // Lead times of an hour: sessions must not go idle while the clock jumps.
        identity: { SESSION_IDLE_MINUTES: '1440', MAINTENANCE_TICK_MS: '100' },
        gateway: { TRUST_PROXY: 'true', MAINTENANCE_REFRESH_MS: '500', ACTIVITY_FLUSH_MS: '200' },
      },
    });
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    const ops = await world.account(null, PASSWORD, { roles: ['ops'] });
    opsToken = (await api.signIn(ops.username, PASSWORD)).accessToken;
    schoolA = (await world.school({ concurrentSessions: 'allow' })).id;
    schoolB = (await world.school({ concurrentSessions: 'allow' })).id;
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  describe('scheduling', () => {
    const soon = (minutes: number) => new Date(Date.now() + offset + minutes * MINUTE).toISOString();

    it('P13: ops schedule, read, change with If-Match and cancel a window', async () => {
      const created = await create({
        startsAt: soon(120),
        endsAt: soon(180),
        reason: 'Database upgrade',
        scope: { kind: 'schools', schoolIds: [schoolA] },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({
        reason: 'Database upgrade',
        scope: { kind: 'schools', schoolIds: [schoolA] },
        mode: 'offline',
        phase: 'scheduled',
        leadMinutes: [60, 15, 5],
        version: 1,
      });
      expect(Date.parse(created.body.warnFrom)).toBe(Date.parse(created.body.startsAt) - 60 * MINUTE);
      const id = created.body.id;

      const listed = await json(await api.get(`${WINDOWS}?limit=200`, { token: opsToken }));
      expect(listed.body.items.map((w: any) => w.id)).toContain(id);

      const blind = await api.request('PATCH', `${WINDOWS}/${id}`, { reason: 'x' }, { token: opsToken });
      expect(blind.status).toBe(428);
      const stale = await api.request(
        'PATCH',
        `${WINDOWS}/${id}`,
        { reason: 'x' },
        { token: opsToken, headers: { 'if-match': '"7"' } },
      );
      expect(stale.status).toBe(412);
      const changed = await json(
        await api.request(
          'PATCH',
          `${WINDOWS}/${id}`,
          { endsAt: soon(200), scope: { kind: 'platform' }, mode: 'read-only' },
          { token: opsToken, headers: { 'if-match': '"1"' } },
        ),
      );
      expect(changed).toMatchObject({
        status: 200,
        body: { scope: { kind: 'platform' }, mode: 'read-only', version: 2 },
      });
      expect(changed.headers.get('etag')).toBe('"2"');

      const got = await json(await api.get(`${WINDOWS}/${id}`, { token: opsToken }));
      expect(got.body).toMatchObject({ id, version: 2, endsAt: changed.body.endsAt });

      const cancelled = await json(await api.post(`${WINDOWS}/${id}/cancel`, {}, { token: opsToken }));
      expect(cancelled).toMatchObject({ status: 200, body: { phase: 'cancelled' } });
      const late = await api.request(
        'PATCH',
        `${WINDOWS}/${id}`,
        { reason: 'again' },
        { token: opsToken, headers: { 'if-match': '"3"' } },
      );
      expect(late.status).toBe(409);
      expect(await problemOf(late)).toMatchObject({ code: 'maintenance.cancelled' });
    });

    it('P13: bad windows are a 400 naming the field; only ops may manage windows', async () => {
      const base = { startsAt: soon(120), endsAt: soon(180), reason: 'Upgrade', scope: { kind: 'platform' } };
      const cases: Array<[unknown, string]> = [
        [{ ...base, endsAt: soon(100) }, 'endsAt'],
        [{ ...base, startsAt: soon(-5) }, 'startsAt'],
        [{ ...base, startsAt: 'tomorrow' }, 'startsAt'],
        [{ ...base, reason: '' }, 'reason'],
        [{ ...base, scope: { kind: 'schools' } }, 'scope.schoolIds'],
        [{ ...base, scope: { kind: 'schools', schoolIds: ['not-a-uuid'] } }, 'scope.schoolIds'],
        [
          { ...base, scope: { kind: 'schools', schoolIds: ['0193a7a0-0000-7000-8000-000000000000'] } },
          'scope.schoolIds',
        ],
        [{ ...base, scope: { kind: 'everyone' } }, 'scope.kind'],
        [{ ...base, mode: 'partly' }, 'mode'],
        [{ ...base, mode: null }, 'mode'],
      ];
      for (const [body, field] of cases) {
        const reply = await api.post(WINDOWS, body, { token: opsToken });
        expect({ field, status: reply.status }).toEqual({ field, status: 400 });
        expect((await problemOf(reply)).errors).toEqual([expect.objectContaining({ field })]);
      }
      const admin = await world.account(schoolA, PASSWORD, { roles: ['school-admin'] });
      const adminToken = (await api.signIn(admin.username, PASSWORD)).accessToken;
      expect((await api.post(WINDOWS, base, { token: adminToken })).status).toBe(403);
      const platformAdmin = (await api.signIn(PLATFORM_ADMIN.login, PLATFORM_ADMIN.password)).accessToken;
      expect((await api.get(WINDOWS, { token: platformAdmin })).status).toBe(403);
    });
  });

  describe('a window over one school, with two identity replicas and a restart in the middle', () => {
    let windowId: string;
    let startsAt: number;
    let endsAt: number;
    let teacherA: Staff;
    let teacherB: Staff;
    let tokenA: string;
    let tokenB: string;

    beforeAll(async () => {
      await world.stack.startProcess('identity#2');
      processes = 3;
      await clockTo(Date.now());
      teacherA = await world.account(schoolA, PASSWORD);
      teacherB = await world.account(schoolB, PASSWORD);
      tokenA = (await api.signIn(teacherA.username, PASSWORD)).accessToken;
      tokenB = (await api.signIn(teacherB.username, PASSWORD)).accessToken;
      startsAt = Math.ceil((Date.now() + offset + 90 * MINUTE) / 1000) * 1000;
      endsAt = startsAt + 60 * MINUTE;
      const created = await create({
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason: 'Restoring a backup',
        scope: { kind: 'schools', schoolIds: [schoolA] },
      });
      expect(created.status).toBe(201);
      windowId = created.body.id;
    }, 60_000);

    it('P13: before the first lead time nobody is warned and nothing is recorded', async () => {
      const me = await api.get('/api/v1/me', { token: tokenA });
      expect(me.status).toBe(200);
      expect(me.headers.get('x-maintenance-window')).toBeNull();
      expect(await snapshots(windowId)).toEqual([]);
    });

    it('P13: at the first lead time who is logged in within scope is recorded once (and audited), and users in scope are warned', async () => {
      await clockTo(startsAt - 60 * MINUTE + 1000);
      await stepsTaken(windowId, ['lead-60']);
      const [snapshot] = await snapshots(windowId);
      expect(snapshot).toMatchObject({ step: 'lead-60', schoolIds: [schoolA], endedSessions: 0 });
      expect(snapshot.sessionIds).toContain(sessionIdOf(tokenA));
      expect(snapshot.sessionIds).not.toContain(sessionIdOf(tokenB));
      expect(snapshot.sessionIds).not.toContain(sessionIdOf(opsToken));
      expect(snapshot.userIds).toContain(teacherA.id);
      expect(snapshot.sessionCount).toBe(snapshot.sessionIds.length);

      const expected = `${windowId}; starts=${new Date(startsAt).toISOString()}; ends=${new Date(endsAt).toISOString()}; mode=offline`;
      const inScope = await api.get('/api/v1/me', { token: tokenA });
      expect(inScope.headers.get('x-maintenance-window')).toBe(expected);
      const outOfScope = await api.get('/api/v1/me', { token: tokenB });
      expect(outOfScope.headers.get('x-maintenance-window')).toBeNull();

      const notices = await json(await api.get('/api/v1/me/notices', { token: tokenA }));
      expect(notices.status).toBe(200);
      expect(notices.body.items[0]).toMatchObject({
        kind: 'maintenance',
        windowId,
        startsAt: new Date(startsAt).toISOString(),
        inProgress: false,
      });
      expect(notices.body.items[0].body).toContain('Restoring a backup');
      expect(notices.body.items[0].reason).toBe('Restoring a backup');
      const none = await json(await api.get('/api/v1/me/notices', { token: tokenB }));
      expect(none.body.items.filter((n: any) => n.kind === 'maintenance')).toEqual([]);

      const events = await world.eventsOf('evt.identity.maintenance-window.snapshot-taken', (all) =>
        all.some((e) => e.data.windowId === windowId),
      );
      const mine = events.filter((e) => e.data.windowId === windowId);
      expect(mine).toHaveLength(1);
      expect(mine[0].data).toMatchObject({ step: 'lead-60', part: 1, parts: 1, sessionIds: snapshot.sessionIds });
    });

    it('P13: pre-flight lists the live sessions in scope; begin-work is refused (409) while they are, unless forced with a reason', async () => {
      const preflight = await json(await api.get(`${WINDOWS}/${windowId}/preflight`, { token: opsToken }));
      expect(preflight.status).toBe(200);
      expect(preflight.body.mode).toBe('offline');
      expect(preflight.body.sessions.map((s: any) => s.sessionId)).toContain(sessionIdOf(tokenA));
      expect(preflight.body.sessions.every((s: any) => s.schoolId === schoolA)).toBe(true);

      const refused = await api.post(`${WINDOWS}/${windowId}/begin-work`, {}, { token: opsToken });
      expect(refused.status).toBe(409);
      const problem = await problemOf(refused);
      expect(problem).toMatchObject({ code: 'maintenance.sessions_live', liveSessions: preflight.body.liveSessions });
      expect((problem.sessions as any[]).map((s) => s.sessionId)).toContain(sessionIdOf(tokenA));

      const noReason = await api.post(`${WINDOWS}/${windowId}/begin-work`, { force: true }, { token: opsToken });
      expect(noReason.status).toBe(400);
      expect((await problemOf(noReason)).errors).toEqual([expect.objectContaining({ field: 'reason' })]);

      const forced = await json(
        await api.post(
          `${WINDOWS}/${windowId}/begin-work`,
          { force: true, reason: 'Read-only checks only' },
          { token: opsToken },
        ),
      );
      expect(forced).toMatchObject({
        status: 200,
        body: { workForced: true, workForceReason: 'Read-only checks only' },
      });
      const events = await world.eventsOf('evt.identity.maintenance-window.work-begun', (all) =>
        all.some((e) => e.data.windowId === windowId),
      );
      expect(events.find((e) => e.data.windowId === windowId)!.data).toMatchObject({ forced: true });
      expect(events.find((e) => e.data.windowId === windowId)!.data.liveSessionIds).toContain(sessionIdOf(tokenA));
    });

    it('P13: identity down across two lead times: on restart both missed snapshots are taken at once, and none twice', async () => {
      await world.stack.stopProcess('identity');
      await world.stack.stopProcess('identity#2');
      processes = 1;
      await clockTo(startsAt - 4 * MINUTE);
      const env = () => ({ CLOCK_OFFSET_MS: String(offset) });
      // One after the other: two replicas provisioning their database at the same moment can collide.
      await world.stack.startProcess('identity', env());
      await world.stack.startProcess('identity#2', env());
      processes = 3;
      await stepsTaken(windowId, ['lead-60', 'lead-15', 'lead-5']);
      // A few more ticks of both replicas change nothing.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await snapshots(windowId)).map((s) => s.step)).toEqual(['lead-60', 'lead-15', 'lead-5']);
      const rows = await db.query(
        'select step, count(*)::int as n from maintenance_schedule_step where window_id = $1 group by step',
        [windowId],
      );
      expect(rows.rows.every((row) => row.n === 1)).toBe(true);
    });

    it('P13: from the start the gateway alone refuses requests in scope (503, Retry-After), even with identity down', async () => {
      await world.stack.stopProcess('identity');
      await world.stack.stopProcess('identity#2');
      processes = 1;
      await clockTo(startsAt + 1000);
      const refused = await api.get('/api/v1/auth/session', { token: tokenA });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(55 * 60);
      expect(refused.headers.get('x-maintenance-window')).toContain(windowId);
      expect(await problemOf(refused)).toMatchObject({ code: 'maintenance.in_progress', windowId });
      expect((await api.get('/api/v1/auth/session', { token: tokenB })).status).toBe(200);
      expect((await api.get('/api/v1/auth/session', { token: opsToken })).status).toBe(200);
    });

    it('P13: the start is taken exactly once with two replicas running: sessions in scope end, and that is recorded', async () => {
      const env = () => ({ CLOCK_OFFSET_MS: String(offset) });
      // One after the other: two replicas provisioning their database at the same moment can collide.
      await world.stack.startProcess('identity', env());
      await world.stack.startProcess('identity#2', env());
      processes = 3;
      await stepsTaken(windowId, ['start']);
      const start = (await snapshots(windowId)).find((s) => s.step === 'start');
      // On failure, show how the session ended alongside the snapshot.
      const [row] = (
        await db.query('select ended_at, end_reason, last_seen_at from session where id = $1', [sessionIdOf(tokenA)])
      ).rows;
      expect({ start, row }).toMatchObject({
        start: { sessionIds: expect.arrayContaining([sessionIdOf(tokenA)]) },
        row: { end_reason: 'maintenance' },
      });
      expect(start.endedSessions).toBeGreaterThanOrEqual(1);
      // The gateway hears of the ended sessions by a broadcast sent after the step commits: it can trail the snapshot.
      await world.until(async () => (await api.get('/api/v1/me', { token: tokenA })).status === 401, 2000);
      const refused = await api.get('/api/v1/me', { token: tokenA });
      expect(refused.status).toBe(401);
      expect(await problemOf(refused)).toMatchObject({ code: 'session.ended_for_maintenance' });
      expect((await api.get('/api/v1/me', { token: tokenB })).status).toBe(200);

      const ended = await world.eventsOf('evt.identity.session.ended', (all) =>
        all.some((e) => e.data.sessionId === sessionIdOf(tokenA)),
      );
      expect(ended.filter((e) => e.data.sessionId === sessionIdOf(tokenA))).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ reason: 'maintenance' }) }),
      ]);
      const taken = await world.eventsOf(
        'evt.identity.maintenance-window.snapshot-taken',
        (all) => all.filter((e) => e.data.windowId === windowId).length >= 4,
      );
      expect(
        taken
          .filter((e) => e.data.windowId === windowId)
          .map((e) => e.data.step)
          .sort(),
      ).toEqual(['lead-15', 'lead-5', 'lead-60', 'start']);
      const started = await world.eventsOf('evt.identity.maintenance-window.started', (all) =>
        all.some((e) => e.data.windowId === windowId),
      );
      expect(started.filter((e) => e.data.windowId === windowId)).toHaveLength(1);
      // Two identity replicas started one after the other (up to a minute each on a loaded machine).
    }, 150_000);

    it('P13: during the window sign-ins in scope get 503 maintenance.in_progress; other schools, ops and platform admins are not blocked', async () => {
      const refused = await signInStatus(teacherA);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(55 * 60);
      expect(await problemOf(refused)).toMatchObject({ code: 'maintenance.in_progress', windowId });
      expect((await signInStatus(teacherB)).status).toBe(200);
      const platformAdmin = await api.post('/api/v1/auth/sign-in', {
        login: PLATFORM_ADMIN.login,
        password: PLATFORM_ADMIN.password,
      });
      expect(platformAdmin.status).toBe(200);
      const window = await json(await api.get(`${WINDOWS}/${windowId}`, { token: opsToken }));
      expect(window.body).toMatchObject({ phase: 'in_progress' });
      expect(window.body.startedAt).not.toBeNull();
    });

    it('P13: after the end sign-ins in scope work again and nobody is warned', async () => {
      await clockTo(endsAt + 1000);
      await world.until(async () => (await signInStatus(teacherA)).status === 200, 3000);
      const token = (await api.signIn(teacherA.username, PASSWORD)).accessToken;
      const me = await api.get('/api/v1/me', { token });
      expect(me.status).toBe(200);
      expect(me.headers.get('x-maintenance-window')).toBeNull();
    });
  });

  describe('a platform-wide window', () => {
    it('P13: every school is in scope, ops and platform admins are not; cancelling it lets sign-ins in at once', async () => {
      const teacher = await world.account(schoolB, PASSWORD);
      const token = (await api.signIn(teacher.username, PASSWORD)).accessToken;
      const platformAdmin = (await api.signIn(PLATFORM_ADMIN.login, PLATFORM_ADMIN.password)).accessToken;
      const startsAt = Math.ceil((Date.now() + offset + 30 * MINUTE) / 1000) * 1000;
      const created = await create({
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 30 * MINUTE).toISOString(),
        reason: 'Platform upgrade',
        scope: { kind: 'platform' },
      });
      await clockTo(startsAt + 1000);
      await stepsTaken(created.body.id, ['start']);
      const start = (await snapshots(created.body.id)).find((s) => s.step === 'start');
      expect(start).toMatchObject({ mode: 'offline' });
      expect(start.sessionIds).toContain(sessionIdOf(token));
      expect(start.sessionIds).not.toContain(sessionIdOf(platformAdmin));
      // The ended session reaches the gateway by a broadcast sent after the snapshot commits.
      await world.until(async () => (await api.get('/api/v1/me', { token })).status === 401, 2000);
      expect((await api.get('/api/v1/me', { token })).status).toBe(401);
      expect((await api.get('/api/v1/me', { token: platformAdmin })).status).toBe(200);
      expect((await signInStatus(teacher)).status).toBe(503);

      const cancelled = await api.post(`${WINDOWS}/${created.body.id}/cancel`, {}, { token: opsToken });
      expect(cancelled.status).toBe(200);
      await world.until(async () => (await signInStatus(teacher)).status === 200, 2000);
    });
  });

  describe('a read-only window', () => {
    const USERS = '/api/v1/users';
    let schoolC: string;
    let adminC: Staff;
    let adminB: Staff;
    let tokenC: string;
    let tokenB: string;
    let windowId: string;
    let startsAt: number;
    let endsAt: number;
    let invited = 0;
    const invitation = () => {
      invited += 1;
      return {
        title: 'Mr',
        firstName: 'Alan',
        lastName: `Reader${invited}`,
        username: `a.reader${invited}`,
        email: `a.reader${invited}@school.test`,
        jobTitle: 'Teacher',
        roles: ['teacher'],
      };
    };

    beforeAll(async () => {
      schoolC = (await world.school({ concurrentSessions: 'allow' })).id;
      adminC = await world.account(schoolC, PASSWORD, { roles: ['school-admin'] });
      adminB = await world.account(schoolB, PASSWORD, { roles: ['school-admin'] });
      tokenC = (await api.signIn(adminC.username, PASSWORD)).accessToken;
      tokenB = (await api.signIn(adminB.username, PASSWORD)).accessToken;
      startsAt = Math.ceil((Date.now() + offset + 90 * MINUTE) / 1000) * 1000;
      endsAt = startsAt + 30 * MINUTE;
      const created = await create({
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        reason: 'Moving the database to new disks',
        scope: { kind: 'schools', schoolIds: [schoolC] },
        mode: 'read-only',
      });
      expect(created).toMatchObject({ status: 201, body: { mode: 'read-only' } });
      windowId = created.body.id;
    }, 60_000);

    it('P13: the pre-flight and every snapshot say the window is read-only', async () => {
      await clockTo(startsAt - 60 * MINUTE + 1000);
      await stepsTaken(windowId, ['lead-60']);
      expect((await snapshots(windowId))[0]).toMatchObject({ step: 'lead-60', mode: 'read-only' });
      const preflight = await json(await api.get(`${WINDOWS}/${windowId}/preflight`, { token: opsToken }));
      expect(preflight).toMatchObject({ status: 200, body: { windowId, mode: 'read-only' } });
      expect(preflight.body.sessions.map((s: any) => s.sessionId)).toContain(sessionIdOf(tokenC));
      const warned = await api.get('/api/v1/me', { token: tokenC });
      expect(warned.headers.get('x-maintenance-window')).toContain(`${windowId};`);
      expect(warned.headers.get('x-maintenance-window')).toContain('mode=read-only');
      const notices = await json(await api.get('/api/v1/me/notices', { token: tokenC }));
      expect(notices.body.items[0]).toMatchObject({ kind: 'maintenance', windowId, mode: 'read-only' });
      expect(notices.body.items[0].body).toContain('read-only');
    });

    it('P13: from its start sessions in scope stay, reads and sign-ins work, and writes get 503 maintenance.read_only with Retry-After', async () => {
      await clockTo(startsAt + 1000);
      await stepsTaken(windowId, ['start']);
      const start = (await snapshots(windowId)).find((s) => s.step === 'start');
      expect(start).toMatchObject({ mode: 'read-only', endedSessions: 0 });
      expect(start.sessionIds).toContain(sessionIdOf(tokenC));

      await world.until(async () => (await api.post(USERS, invitation(), { token: tokenC })).status === 503, 3000);
      const refused = await api.post(USERS, invitation(), { token: tokenC });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(25 * 60);
      expect(refused.headers.get('x-maintenance-window')).toContain('mode=read-only');
      expect(await problemOf(refused)).toMatchObject({ code: 'maintenance.read_only', windowId });
      const patch = await api.request('PATCH', `${USERS}/${adminC.id}`, { jobTitle: 'Head' }, { token: tokenC });
      expect(patch.status).toBe(503);

      expect((await api.get('/api/v1/me', { token: tokenC })).status).toBe(200);
      expect((await api.get(`${USERS}?limit=5`, { token: tokenC })).status).toBe(200);
      const again = await signInStatus(adminC);
      expect(again.status).toBe(200);
      const signedOut = await api.post(
        '/api/v1/auth/sign-out',
        {},
        { token: ((await again.json()) as any).accessToken },
      );
      expect(signedOut.status).toBe(204);

      // Another school writes as usual; so does ops, in the window's own scope or not.
      expect((await api.post(USERS, invitation(), { token: tokenB })).status).toBe(201);
      const moved = await api.request(
        'PATCH',
        `${WINDOWS}/${windowId}`,
        { mode: 'offline' },
        { token: opsToken, headers: { 'if-match': '*' } },
      );
      expect(moved.status).toBe(409);
      expect(await problemOf(moved)).toMatchObject({ code: 'maintenance.already_started' });
    });

    it('P13: after its end the school writes again', async () => {
      await clockTo(endsAt + 1000);
      await world.until(async () => (await api.post(USERS, invitation(), { token: tokenC })).status === 201, 3000);
      const me = await api.get('/api/v1/me', { token: tokenC });
      expect(me.headers.get('x-maintenance-window')).toBeNull();
    });
  });
});
