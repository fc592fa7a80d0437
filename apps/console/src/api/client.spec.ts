import { ApiError, onSessionEnded, request } from './client';

// The browser's cookie jar and fetch, as the console sees them (jest runs in node).
const jar = { cookie: '' };
(globalThis as unknown as { document: typeof jar }).document = jar;
const fetchMock = jest.fn<Promise<Response>, [string, RequestInit]>();
globalThis.fetch = fetchMock as unknown as typeof fetch;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });

const calls = () => fetchMock.mock.calls.map(([path, init]) => `${init.method} ${path}`);

beforeEach(async () => {
  // The client forgets a finished refresh on the next tick: let the last test's go first.
  await new Promise((resolve) => setTimeout(resolve, 0));
  fetchMock.mockReset();
  jar.cookie = 'pt_csrf=abc%2F1; pt_username=demo.head';
});

describe('console: API client (cookie mode)', () => {
  it('sends the CSRF cookie in x-csrf-token on writes only, with the same-origin cookies', async () => {
    fetchMock.mockImplementation(async () => json(200, { ok: true }));
    await request('GET', '/api/v1/me');
    await request('POST', '/api/v1/pupils', { body: { upn: 'x' }, ifMatch: '"3"' });
    const [get, post] = fetchMock.mock.calls.map(([, init]) => init);
    expect((get.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect(post.headers).toMatchObject({
      'x-csrf-token': 'abc/1',
      'if-match': '"3"',
      'content-type': 'application/json',
    });
    expect(post.credentials).toBe('same-origin');
  });

  it('refreshes once for requests that found the access cookie expired together, then retries them', async () => {
    let refreshed = false;
    fetchMock.mockImplementation(async (path) => {
      if (path === '/api/v1/auth/refresh') {
        refreshed = true;
        return json(200, { expiresIn: 900 });
      }
      return refreshed ? json(200, { path }) : json(401, { code: 'access_token.invalid' });
    });
    const [a, b] = await Promise.all([request('GET', '/api/v1/pupils'), request('GET', '/api/v1/class-groups')]);
    expect(a.data).toEqual({ path: '/api/v1/pupils' });
    expect(b.data).toEqual({ path: '/api/v1/class-groups' });
    expect(calls().filter((c) => c === 'POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it("when the refresh itself is refused, the refresh's reason is the one the listeners hear", async () => {
    const ended: string[] = [];
    const stop = onSessionEnded((code) => ended.push(code));
    fetchMock.mockImplementation(async (path) =>
      path === '/api/v1/auth/refresh'
        ? json(401, { code: 'session.idle' })
        : json(401, { code: 'access_token.invalid' }),
    );
    await expect(request('GET', '/api/v1/pupils')).rejects.toMatchObject({ status: 401, code: 'session.idle' });
    stop();
    expect(ended).toEqual(['session.idle']);
    expect(calls()).toEqual(['GET /api/v1/pupils', 'POST /api/v1/auth/refresh']);
  });

  it('when the refresh cannot be reached, the first 401 still explains the end (its body is not read twice)', async () => {
    const ended: string[] = [];
    const stop = onSessionEnded((code) => ended.push(code));
    fetchMock.mockImplementation(async (path) => {
      if (path === '/api/v1/auth/refresh') throw new TypeError('network down');
      return json(401, { code: 'access_token.invalid' });
    });
    await expect(request('GET', '/api/v1/pupils')).rejects.toMatchObject({ status: 401, code: 'access_token.invalid' });
    stop();
    expect(ended).toEqual(['access_token.invalid']);
  });

  it('does not refresh a session that is over ("signed in elsewhere") and tells the listeners why', async () => {
    const ended: string[] = [];
    const stop = onSessionEnded((code) => ended.push(code));
    fetchMock.mockImplementation(async () => json(401, { code: 'session.replaced' }));
    await expect(request('GET', '/api/v1/me')).rejects.toMatchObject({ status: 401, code: 'session.replaced' });
    stop();
    expect(ended).toEqual(['session.replaced']);
    expect(calls()).toEqual(['GET /api/v1/me']);
  });

  it('does not try to refresh when the browser has no session at all (no CSRF cookie)', async () => {
    jar.cookie = '';
    fetchMock.mockImplementation(async () => json(401, { code: 'unauthenticated' }));
    await expect(request('GET', '/api/v1/me')).rejects.toBeInstanceOf(ApiError);
    expect(calls()).toEqual(['GET /api/v1/me']);
  });

  it("leaves a sign-in's 401 as the answer it is", async () => {
    fetchMock.mockImplementation(async () => json(401, { code: 'sign_in.invalid_credentials' }));
    await expect(
      request('POST', '/api/v1/auth/sign-in?mode=cookie', { anonymous: true, body: {} }),
    ).rejects.toMatchObject({ code: 'sign_in.invalid_credentials' });
    expect(calls()).toHaveLength(1);
  });

  it('turns problem+json into field errors, and a 503 into its Retry-After', async () => {
    fetchMock.mockResolvedValueOnce(
      json(400, { code: 'validation', errors: [{ field: 'upn', message: 'is not a UPN' }] }),
    );
    await expect(request('POST', '/api/v1/pupils', { body: {} })).rejects.toMatchObject({
      fieldErrors: [{ field: 'upn', message: 'is not a UPN' }],
    });
    fetchMock.mockResolvedValueOnce(json(503, { code: 'maintenance.read_only' }, { 'retry-after': '600' }));
    await expect(request('POST', '/api/v1/pupils', { body: {} })).rejects.toMatchObject({
      code: 'maintenance.read_only',
      retryAfterSeconds: 600,
    });
  });
});
