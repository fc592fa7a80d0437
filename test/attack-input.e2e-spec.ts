/**
 * The attack suite's input cases: what an attacker can send the gateway without a valid
 * account or with one (injection in query and body, oversize and deeply nested JSON, odd
 * encodings, content types, NUL and other control characters, broken HTTP). The promise
 * under test is the platform's own: bad input is a 4xx problem+json naming the problem,
 * never a 500, and is refused before it costs the services anything.
 */
import { World } from '@pt/testing';
import { newPupil, Staff } from '@pt/testing/world';
import { connect } from 'node:net';

const PROBLEM = 'application/problem+json';
const CONSOLE = 'https://console.pupil-tracking.test';

/** One raw HTTP/1.1 exchange over a fresh socket: what a client that is not a browser can send. */
function rawHttp(
  baseUrl: string,
  request: string | Buffer,
): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        headers: head,
        body: rest.join('\r\n\r\n'),
      });
    });
    socket.write(request);
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('Attack suite: input at the gateway', () => {
  let world: World;
  let admin: Staff;
  let signer: Staff;

  beforeAll(async () => {
    world = await World.start({
      label: 'atkinput',
      processes: ['gateway', 'identity', 'pupil-records'],
      envFor: { gateway: { ALLOWED_ORIGINS: CONSOLE } },
    });
    const school = await world.school({ signed: true });
    admin = await world.staff(school, ['school-admin']);
    // Signs in again and again: its own account, so no other session here is replaced.
    signer = await world.staff(school, ['teacher'], { signIn: false });
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  const signIn = (body: string | Buffer, contentType = 'application/json', query = '') =>
    world.call(null, 'POST', `/api/v1/auth/sign-in${query}`, body, { contentType });

  describe('JSON nesting, width and length are bounded before validation', () => {
    it('refuses JSON nested 20,000 deep on sign-in (unauthenticated) with 400 body.too_deep', async () => {
      const reply = await signIn('{"login":' + '['.repeat(20_000) + ']'.repeat(20_000) + ',"password":"x"}');
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toContain(PROBLEM);
      expect(reply.body).toMatchObject({ code: 'body.too_deep', status: 400 });
    });

    it('refuses a 1 MB body that is all opening brackets as too deep, not as too large or a 500', async () => {
      const reply = await world.call(admin, 'POST', '/api/v1/pupils', '['.repeat(1_000_000), {
        contentType: 'application/json',
      });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('body.too_deep');
    });

    it('refuses nesting deeper than 32 on an authenticated route, and takes 32', async () => {
      const nest = (depth: number): unknown => (depth === 0 ? 'x' : { a: nest(depth - 1) });
      const tooDeep = await world.call(admin, 'POST', '/api/v1/pupils', nest(33));
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.code).toBe('body.too_deep');
      // 32 levels is within the limit: refused by validation, naming the field.
      const deepest = await world.call(admin, 'POST', '/api/v1/pupils', nest(32));
      expect(deepest.status).toBe(400);
      expect(deepest.body.code).toBe('validation_failed');
      expect(deepest.body.errors).toContainEqual({ field: 'a', message: 'is not an allowed field' });
    });

    it('refuses an object of more than 1,000 keys, naming where it is', async () => {
      const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 1]));
      const reply = await world.call(admin, 'POST', '/api/v1/pupils', { address: wide });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'body.too_many_keys', errors: [{ field: 'address' }] });
    });

    it('refuses an array of more than 50,000 items, naming it', async () => {
      const reply = await world.call(admin, 'POST', '/api/v1/pupil-exports/ctf', {
        pupilIds: Array.from({ length: 50_001 }, () => 0),
      });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'body.array_too_long', errors: [{ field: 'pupilIds' }] });
    });

    it('refuses a string longer than 200,000 characters, naming it', async () => {
      const reply = await signIn(JSON.stringify({ login: 'a'.repeat(200_001), password: 'x' }));
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'body.string_too_long', errors: [{ field: 'login' }] });
    });

    it('refuses prototype pollution keys as a malformed body', async () => {
      for (const polluted of ['{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}']) {
        const reply = await signIn(polluted);
        expect(reply.status).toBe(400);
        expect(reply.body.code).toBe('body.malformed');
      }
    });

    it('refuses invalid JSON and an empty JSON body as problem+json without quoting the body', async () => {
      const malformed = await signIn('{"login":"amira.khan@school.test",');
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('body.malformed');
      expect(malformed.text).not.toContain('amira');
      const empty = await signIn('');
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('body.empty');
    });

    it('answers 413 problem+json for a JSON body above the body limit', async () => {
      const reply = await signIn(JSON.stringify({ login: 'a', password: 'b'.repeat(2 * 1024 * 1024) }));
      expect(reply.status).toBe(413);
      expect(reply.body.code).toBe('body.too_large');
    });
  });

  describe('content types: JSON routes take JSON only', () => {
    it.each(['application/xml', 'text/xml', 'text/csv', 'text/plain', 'application/x-www-form-urlencoded'])(
      'refuses %s on sign-in with 415 problem+json',
      async (contentType) => {
        const reply = await signIn('login=a&password=b', contentType);
        expect(reply.status).toBe(415);
        expect(reply.headers.get('content-type')).toContain(PROBLEM);
        expect(reply.body.code).toBe('body.unsupported_media_type');
      },
    );

    it.each(['application/xml', 'text/csv', 'image/png', 'application/x-www-form-urlencoded'])(
      'refuses %s on an authenticated JSON route with 415',
      async (contentType) => {
        const reply = await world.call(admin, 'POST', '/api/v1/pupils', '<pupil/>', { contentType });
        expect(reply.status).toBe(415);
        expect(reply.body.code).toBe('body.unsupported_media_type');
      },
    );

    it('still takes a CSV upload on the import route', async () => {
      const reply = await world.call(
        admin,
        'POST',
        `/api/v1/pupil-imports?format=csv&mapping=${encodeURIComponent(JSON.stringify({ upn: 'UPN' }))}`,
        'UPN\n',
        { contentType: 'text/csv' },
      );
      expect(reply.status).not.toBe(415);
      expect(reply.status).toBeLessThan(500);
    });

    it('reads application/json with a charset, and refuses one that is not UTF-8', async () => {
      const utf8 = await signIn('{"login":"nobody","password":"x"}', 'application/json; charset=utf-8');
      expect(utf8.status).toBe(401);
      const utf16 = await signIn('{"login":"nobody","password":"x"}', 'application/json; charset=utf-16');
      expect(utf16.status).toBe(415);
      expect(utf16.body.code).toBe('body.unsupported_media_type');
    });
  });

  describe('login CSRF: a cookie sign-in comes from the console or from no browser at all', () => {
    const cookieSignIn = (headers: Record<string, string>, contentType = 'application/json') =>
      world.call(
        null,
        'POST',
        '/api/v1/auth/sign-in?mode=cookie',
        contentType === 'application/json'
          ? JSON.stringify({ login: signer.username, password: signer.password })
          : `login=${signer.username}&password=${signer.password}`,
        { contentType, headers },
      );

    it("refuses a cookie sign-in from another site's page with 403, setting no cookie", async () => {
      for (const origin of ['https://evil.test', 'null', 'http://console.pupil-tracking.test']) {
        const reply = await cookieSignIn({ origin });
        expect(reply.status).toBe(403);
        expect(reply.body.code).toBe('sign_in.origin_refused');
        expect(reply.cookies.size).toBe(0);
      }
      const noOriginButCrossSite = await cookieSignIn({ 'sec-fetch-site': 'cross-site' });
      expect(noOriginButCrossSite.status).toBe(403);
    });

    it('refuses the cross-site HTML form of the attack (urlencoded) with 415 before anything else', async () => {
      const reply = await cookieSignIn({ origin: 'https://evil.test' }, 'application/x-www-form-urlencoded');
      expect(reply.status).toBe(415);
      expect(reply.cookies.size).toBe(0);
    });

    it("signs in with cookies from the console's origin, and from a client that sends no Origin", async () => {
      const fromConsole = await cookieSignIn({ origin: CONSOLE });
      expect(fromConsole.status).toBe(200);
      expect(fromConsole.cookies.has('__Host-pt_access')).toBe(true);
      expect((await cookieSignIn({})).status).toBe(200);
    });
  });

  describe('control characters are refused in every string, naming the field', () => {
    it("refuses a NUL in sign-in's login with 400 naming login", async () => {
      const reply = await signIn(JSON.stringify({ login: 'admin\u0000', password: 'x' }));
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'login', message: 'must not contain control characters' }],
      });
    });

    it("refuses a NUL in a pupil's name before any other rule, naming the field, and stores nothing", async () => {
      const reply = await world.call(admin, 'POST', '/api/v1/pupils', newPupil({ legalForename: 'Am\u0000ira' }));
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toEqual([{ field: 'legalForename', message: 'must not contain control characters' }]);
      expect(await world.sql('pupil-records', 'select id from pupil where tenant_id = $1', [admin.schoolId])).toEqual(
        [],
      );
    });

    it('refuses a NUL in a nested field, in a query string and in a path, naming each', async () => {
      const nested = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/schools', {
        name: 'Nul School',
        laCode: '801',
        establishmentNumber: '7001',
        address: { line1: '1 School\u0000Lane', town: 'Testbury', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@school.test' },
      });
      expect(nested.status).toBe(400);
      expect(nested.body.errors).toEqual([{ field: 'address.line1', message: 'must not contain control characters' }]);
      const query = await world.call(admin, 'GET', '/api/v1/pupils?q=%00');
      expect(query.status).toBe(400);
      expect(query.body.errors).toEqual([{ field: 'q', message: 'must not contain control characters' }]);
      const path = await world.call(admin, 'GET', '/api/v1/pupils/%00');
      expect(path.status).toBe(400);
      expect(path.body.errors).toEqual([{ field: 'id', message: 'must not contain control characters' }]);
    });

    it('refuses other C0 controls and DEL, and takes tabs and line breaks', async () => {
      for (const control of ['\u0001', '\u001b', '\u007f']) {
        const reply = await signIn(JSON.stringify({ login: `a${control}b`, password: 'x' }));
        expect(reply.status).toBe(400);
      }
      const multiLine = await signIn(JSON.stringify({ login: 'a\tb\r\nc', password: 'x' }));
      expect(multiLine.status).toBe(401);
    });
  });

  describe('injection and odd encodings are data, never a 500', () => {
    it('treats SQL in the login as a login that does not exist', async () => {
      for (const login of ["' OR '1'='1' --", "admin'--", '"; drop table user_account; --', '\\x27 OR 1=1']) {
        const reply = await signIn(JSON.stringify({ login, password: "' OR '1'='1" }));
        expect(reply.status).toBe(401);
        expect(reply.body.code).toBe('sign_in.invalid_credentials');
      }
    });

    it('treats SQL, LIKE wildcards and regex in a search as text', async () => {
      for (const q of ["'; drop table pupil; --", '%', '_', '.*', '\\', "Khan' OR 1=1"]) {
        const reply = await world.call(admin, 'GET', `/api/v1/pupils?q=${encodeURIComponent(q)}`);
        expect(reply.status).toBe(200);
        expect(reply.body.items).toEqual([]);
      }
    });

    it('answers invalid UTF-8 and lone surrogates in a JSON body without a 500', async () => {
      const invalid = Buffer.concat([
        Buffer.from('{"login":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('","password":"x"}'),
      ]);
      expect((await signIn(invalid)).status).toBe(401);
      expect((await signIn('{"login":"\\ud800","password":"x"}')).status).toBe(401);
    });

    it('refuses a malformed percent-encoding in the path or query with 400 problem+json', async () => {
      const path = await world.call(admin, 'GET', '/api/v1/pupils/%E0%A4%A');
      expect(path.status).toBe(400);
      expect(path.headers.get('content-type')).toContain(PROBLEM);
      const query = await world.call(admin, 'GET', '/api/v1/pupils?q=%E0%A4%A');
      expect(query.status).toBeLessThan(500);
    });
  });

  describe("the HTTP parser's own refusals are problem+json", () => {
    it('answers headers larger than the limit with 431 problem+json', async () => {
      const reply = await world.call(null, 'GET', '/health/live', undefined, {
        headers: { 'x-padding': 'a'.repeat(32 * 1024) },
      });
      expect(reply.status).toBe(431);
      expect(reply.headers.get('content-type')).toContain(PROBLEM);
      expect(reply.body).toMatchObject({ status: 431, code: 'request.headers_too_large' });
    });

    it('answers a request line the parser cannot read with 400 problem+json', async () => {
      const reply = await rawHttp(world.baseUrl, 'GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
      expect(reply.status).toBe(400);
      expect(reply.headers.toLowerCase()).toContain(`content-type: ${PROBLEM}`);
      expect(JSON.parse(reply.body)).toMatchObject({ status: 400, code: 'request.malformed' });
    });

    it('answers a bad Content-Length with 400 problem+json', async () => {
      const reply = await rawHttp(
        world.baseUrl,
        'POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      );
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ status: 400, code: 'request.malformed' });
    });
  });
});
