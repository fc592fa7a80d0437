import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gatewayCall, problemOf } from './gateway-client';

/** What the fake gateway saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('gatewayCall: one way for every suite to send a request and read the reply', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen;
  let answer: { status: number; type?: string; body: string; cookies?: string[] };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      if (answer.type) res.setHeader('content-type', answer.type);
      if (answer.cookies) res.setHeader('set-cookie', answer.cookies);
      res.statusCode = answer.status;
      res.end(answer.body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  beforeEach(() => {
    answer = { status: 200, type: 'application/json', body: '{"ok":true}' };
  });

  it('sends a plain object as JSON with the bearer token of a signed-in actor, and parses a JSON reply', async () => {
    const reply = await gatewayCall(
      baseUrl,
      { token: 'abc' },
      'POST',
      '/x',
      { a: 1 },
      { headers: { 'if-match': '"2"' } },
    );
    expect(seen).toMatchObject({ method: 'POST', url: '/x' });
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer abc',
      'content-type': 'application/json',
      'if-match': '"2"',
    });
    expect(JSON.parse(seen.body.toString())).toEqual({ a: 1 });
    expect(reply).toMatchObject({ status: 200, body: { ok: true }, text: '{"ok":true}' });
  });

  it('sends no Authorization header for nobody, and a bare token as given', async () => {
    await gatewayCall(baseUrl, null, 'GET', '/x');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['content-type']).toBeUndefined();
    await gatewayCall(baseUrl, 'tok', 'GET', '/x');
    expect(seen.headers.authorization).toBe('Bearer tok');
  });

  it('sends bytes and strings as they are, with the content type asked for (octet-stream unless told)', async () => {
    await gatewayCall(baseUrl, 't', 'PUT', '/photo', Buffer.from([1, 2, 3]));
    expect(seen.headers['content-type']).toBe('application/octet-stream');
    expect([...seen.body]).toEqual([1, 2, 3]);
    await gatewayCall(baseUrl, 't', 'POST', '/import', '<CTfile/>', { contentType: 'application/xml' });
    expect(seen.headers['content-type']).toBe('application/xml');
    expect(seen.body.toString()).toBe('<CTfile/>');
  });

  it('streams an async iterable (no declared length)', async () => {
    async function* parts() {
      yield new Uint8Array([104, 105]);
      yield new Uint8Array([33]);
    }
    await gatewayCall(baseUrl, 't', 'POST', '/stream', parts(), { contentType: 'text/plain' });
    expect(seen.headers['content-length']).toBeUndefined();
    expect(seen.body.toString()).toBe('hi!');
  });

  it('reads a reply that is not JSON as text and bytes, with an empty body object', async () => {
    answer = { status: 200, type: 'text/csv', body: 'UPN,Name\n' };
    const reply = await gatewayCall(baseUrl, 't', 'GET', '/export');
    expect(reply.body).toEqual({});
    expect(reply.text).toBe('UPN,Name\n');
    expect(reply.bytes.equals(Buffer.from('UPN,Name\n'))).toBe(true);
  });

  it('reads Set-Cookie as a browser keeps it, and a problem without its request id', async () => {
    answer = {
      status: 401,
      type: 'application/problem+json',
      body: JSON.stringify({ status: 401, code: 'session.ended', requestId: 'r-1' }),
      cookies: ['pt_refresh=a%20b; Path=/api/v1/auth; HttpOnly; SameSite=Strict'],
    };
    const reply = await gatewayCall(baseUrl, 't', 'POST', '/refresh');
    expect(reply.cookies.get('pt_refresh')).toEqual({
      name: 'pt_refresh',
      value: 'a b',
      attributes: { path: '/api/v1/auth', httponly: true, samesite: 'Strict' },
    });
    expect(await problemOf(reply)).toEqual({ status: 401, code: 'session.ended' });
  });
});
