/**
 * The attack suite's token cases: access tokens forged, tampered with or minted with a
 * signing key the attacker holds (a key published in identity's JWKS, as a leaked one
 * would be). Every one is refused with 401 `access_token.invalid` unless it is exactly what
 * identity would have issued for a live session: signature, algorithm, audience, issuer,
 * type, an expiry present and not passed, an issue time not in the future, and a session
 * that exists and belongs to the token's school and user.
 */
import { claimsOf, Staff, World } from '@pt/testing';
import { generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { sign, SignOptions } from 'jsonwebtoken';

const PROBE = '/api/v1/auth/session';

describe('Attack suite: access tokens at the gateway', () => {
  let world: World;
  let staff: Staff;
  let otherSchoolId: string;
  let otherStaff: Staff;
  /** A key pair whose public half identity publishes: tokens signed with it verify. */
  const published = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publishedKid = randomUUID();
  const now = () => Math.floor(Date.now() / 1000);

  /** The claims identity gave `staff`, re-signed with the published key, with `changes` applied (undefined removes). */
  const forge = (
    changes: Record<string, unknown> = {},
    key: KeyObject = published.privateKey,
    kid = publishedKid,
    options: SignOptions = {},
  ) => {
    const { iat: _iat, exp: _exp, ...issued } = claimsOf(staff.token);
    const claims: Record<string, unknown> = { ...issued, iat: now(), exp: now() + 300, ...changes };
    for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
    return sign(claims, key, { algorithm: 'ES256', keyid: kid, ...options });
  };

  const refused = async (token: string) => {
    const reply = await world.call(token, 'GET', PROBE);
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('access_token.invalid');
  };

  beforeAll(async () => {
    world = await World.start({ label: 'atktokens', processes: ['gateway', 'identity'] });
    // Before anything is verified, so the gateway's first key fetch already sees it; older
    // than identity's own key, so identity keeps signing with that one.
    await world.sql(
      'identity',
      `insert into signing_key (kid, algorithm, public_jwk, private_key_pem, created_at)
       values ($1, 'ES256', $2, $3, now() - interval '1 day')`,
      [
        publishedKid,
        JSON.stringify(published.publicKey.export({ format: 'jwk' })),
        published.privateKey.export({ format: 'pem', type: 'pkcs8' }),
      ],
    );
    const school = await world.school({ signed: true });
    const other = await world.school({ signed: true });
    otherSchoolId = other.id;
    staff = await world.staff(school, ['teacher']);
    otherStaff = await world.staff(school, ['teacher']);
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it("takes a token signed with a published key that matches its live session (the other cases' control)", async () => {
    const reply = await world.call(forge(), 'GET', PROBE);
    expect(reply.status).toBe(200);
    expect(reply.body.sessionId).toBe(claimsOf(staff.token).sid);
  });

  describe('forgeries and tampering', () => {
    it('refuses alg none (no signature)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: publishedKid })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...claimsOf(staff.token), exp: now() + 300 })).toString('base64url');
      await refused(`${header}.${payload}.`);
    });

    it('refuses HS256 keyed with the public key (algorithm confusion)', async () => {
      const secret = published.publicKey.export({ format: 'pem', type: 'spki' });
      const { iat: _iat, ...claims } = claimsOf(staff.token);
      await refused(sign(claims, secret, { algorithm: 'HS256', keyid: publishedKid }));
    });

    it('refuses a token signed by a key identity never published, under a known kid or its own', async () => {
      const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      await refused(forge({}, stranger, publishedKid));
      await refused(forge({}, stranger, randomUUID()));
    });

    it("refuses identity's own token with its payload changed (more permissions) and the signature kept", async () => {
      const [header, , signature] = staff.token.split('.');
      const payload = { ...claimsOf(staff.token), perms: ['users:manage', 'pupils:read', 'pupils:write'] };
      await refused(`${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`);
    });

    it('refuses another type, audience or issuer', async () => {
      await refused(forge({ typ: 'refresh' }));
      await refused(forge({ aud: 'another-api' }));
      await refused(forge({ iss: 'someone-else' }));
    });
  });

  describe('expiry and issue time', () => {
    it('refuses an expired token', async () => {
      await refused(forge({ iat: now() - 600, exp: now() - 10 }));
    });

    it('refuses a token without exp, which would never expire', async () => {
      await refused(forge({ exp: undefined }));
    });

    it('refuses a token issued in the future beyond 30 s of clock skew, and takes one within it', async () => {
      await refused(forge({ iat: now() + 300, exp: now() + 600 }));
      await refused(forge({ iat: undefined }, published.privateKey, publishedKid, { noTimestamp: true }));
      expect((await world.call(forge({ iat: now() + 10 }), 'GET', PROBE)).status).toBe(200);
    });
  });

  describe('the token against its session', () => {
    it("refuses a token whose school is not its session's (another school, or none)", async () => {
      await refused(forge({ tid: otherSchoolId }));
      await refused(forge({ tid: null }));
    });

    it("refuses a token whose user is not its session's", async () => {
      await refused(forge({ sub: otherStaff.id }));
    });

    it('refuses a token whose session does not exist', async () => {
      await refused(forge({ sid: randomUUID() }));
      await refused(forge({ sid: 'not-a-session' }));
    });

    it('refuses the token of a session that was signed out', async () => {
      const session = await world.staff(staff.schoolId, ['teacher']);
      expect((await world.call(session, 'POST', '/api/v1/auth/sign-out')).status).toBe(204);
      const reply = await world.call(session, 'GET', PROBE);
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('session.ended');
    });
  });
});
