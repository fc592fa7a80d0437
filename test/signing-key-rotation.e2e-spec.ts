import { hash } from '@node-rs/argon2';
import { World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

const ADMIN = { login: 'keys.admin@platform.test', password: 'Keys-Admin-Pass-12' };

const kidOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid as string;

describe('Signing keys rotate without signing anyone out', () => {
  let world: World;

  const rotate = (token: string) =>
    fetch(`${world.stack.baseUrl}/api/v1/platform/signing-keys/rotation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  const me = (token: string) =>
    fetch(`${world.stack.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const jwksKids = async () =>
    (
      (await (await fetch(`${world.stack.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
    ).keys.map((k) => k.kid);

  beforeAll(async () => {
    world = await World.start({
      label: 'keys',
      processes: ['gateway', 'identity'],
      admin: ADMIN,
    });
    // A second identity replica: both must sign with the new key after a rotation.
    await world.stack.startProcess('identity#2');
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('publishes a new current key; tokens signed with the old one keep working until they expire', async () => {
    const before = (await world.signIn(ADMIN.login, ADMIN.password)).token;
    const oldKid = kidOf(before);
    expect(await jwksKids()).toEqual([oldKid]);

    const rotated = await rotate(before);
    expect(rotated.status).toBe(201);
    const { kid, published } = (await rotated.json()) as { kid: string; published: string[] };
    expect(kid).not.toBe(oldKid);
    expect(new Set(published)).toEqual(new Set([kid, oldKid]));
    expect(new Set(await jwksKids())).toEqual(new Set([kid, oldKid]));
    expect((await me(before)).status).toBe(200);

    // Every identity replica now signs with the new key (sign-ins are spread over both).
    await world.until(async () => {
      const kids = await Promise.all(
        Array.from({ length: 6 }, async () => kidOf((await world.signIn(ADMIN.login, ADMIN.password)).token)),
      );
      return kids.every((k) => k === kid);
    }, 3000);
    const after = (await world.signIn(ADMIN.login, ADMIN.password)).token;
    expect((await me(after)).status).toBe(200);
  });

  it('only a platform admin may rotate', async () => {
    expect((await rotate('not-a-token')).status).toBe(401);
    await world.sql(
      'identity',
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
       values ($1, null, 'platform', 'ops.keys', 'ops.keys@platform.test', 'O', 'Ps', $2, '{ops}', 'active')`,
      [randomUUID(), await hash('Ops-Keys-Password-1')],
    );
    const ops = (await world.signIn('ops.keys', 'Ops-Keys-Password-1')).token;
    const refused = await rotate(ops);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'permission_denied', missing: ['platform:security'] });
  });
});
