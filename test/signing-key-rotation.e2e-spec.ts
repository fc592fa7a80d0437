import { hash } from '@node-rs/argon2';
import { World } from '@pt/testing';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { verify } from 'jsonwebtoken';

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

  describe('private keys sealed at rest under KEY_ENCRYPTION_KEY (issue 15)', () => {
    const storedKeys = () =>
      world.sql<{ kid: string; private_key_pem: string | null; private_key_sealed: string | null }>(
        'identity',
        'select kid, private_key_pem, private_key_sealed from signing_key',
      );

    it('stores no private key in the clear: every row holds only the sealed key', async () => {
      const rows = await storedKeys();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const row of rows) {
        expect(row.private_key_pem).toBeNull();
        expect(row.private_key_sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
        expect(row.private_key_sealed).not.toContain('PRIVATE KEY');
      }
    });

    it('a key stored in the clear by an older version is sealed at the next start, and still signs', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const kid = randomUUID();
      await world.sql(
        'identity',
        `insert into signing_key (kid, algorithm, public_jwk, private_key_pem, created_at)
         values ($1, 'ES256', $2, $3, now() + interval '1 second')`,
        [kid, JSON.stringify(publicKey.export({ format: 'jwk' })), privateKey.export({ format: 'pem', type: 'pkcs8' })],
      );
      await world.stack.startProcess('identity#3');

      const [row] = (await storedKeys()).filter((key) => key.kid === kid);
      expect(row.private_key_pem).toBeNull();
      expect(row.private_key_sealed).toMatch(/^v1\./);
      // The replica that started after it signs with it (sign-ins are spread over three replicas).
      let token = '';
      await world.until(async () => {
        token = (await world.signIn(ADMIN.login, ADMIN.password)).token;
        return kidOf(token) === kid;
      }, 10_000);
      expect(() => verify(token, publicKey, { algorithms: ['ES256'] })).not.toThrow();
    });

    it('refuses to start with another key-encryption key, saying so', async () => {
      await expect(
        world.stack.startProcess('identity#4', { KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
      ).rejects.toThrow(/cannot be decrypted with KEY_ENCRYPTION_KEY/);
    });
  });
});
