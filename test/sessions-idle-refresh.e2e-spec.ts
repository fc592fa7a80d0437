import { BrowserClient, problemOf, World } from '@pt/testing';
import { Client } from 'pg';

const PASSWORD = 'Quiet-Heron-2026';

describe('An idle session cannot be revived by its refresh token (P13)', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let school: string;

  beforeAll(async () => {
    world = await World.start({
      label: 'p13idlerefresh',
      processes: ['gateway', 'identity'],
      admin: false,
      // The sweep never runs during this file: the refresh itself must notice the idleness.
      envFor: { identity: { SESSION_IDLE_SWEEP_MS: '3600000' } },
    });
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    school = (await world.school({ concurrentSessions: 'allow' })).id;
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  it('P13: a refresh after SESSION_IDLE_MINUTES without activity answers 401 session.idle and ends the session', async () => {
    const teacher = await world.account(school, PASSWORD);
    const tokens = await api.signIn(teacher.username, PASSWORD);
    const sessionId = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString()).sid as string;
    await db.query(`update session set last_seen_at = now() - interval '31 minutes' where id = $1`, [sessionId]);

    const refreshed = await api.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(refreshed.status).toBe(401);
    expect(await problemOf(refreshed)).toMatchObject({ code: 'session.idle' });
    const [row] = (await db.query('select end_reason, ended_at from session where id = $1', [sessionId])).rows;
    expect(row.end_reason).toBe('idle');
    // The gateway hears of it at once: the access token stops working too.
    await world.until(
      async () => (await api.get('/api/v1/auth/session', { token: tokens.accessToken })).status === 401,
      2000,
    );
  });

  it('P13: a session seen within the limit refreshes as before', async () => {
    const teacher = await world.account(school, PASSWORD);
    const tokens = await api.signIn(teacher.username, PASSWORD);
    const sessionId = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString()).sid as string;
    await db.query(`update session set last_seen_at = now() - interval '29 minutes' where id = $1`, [sessionId]);
    const refreshed = await api.post('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(refreshed.status).toBe(200);
  });
});
