/**
 * How the test world talks HTTP to a stack's gateway: one request shape for every suite
 * (JSON, raw bytes or streamed bodies in; status, headers, parsed body, text and bytes
 * out), and cookies read the way a browser would keep them.
 */

/** A caller: a signed-in actor, a bare access token, or nobody (no Authorization header). */
export type Caller = { token: string } | string | null | undefined;

/** A body sent as is (with `contentType`, default application/octet-stream); streams and iterables are streamed. */
export type RawBody = Buffer | Uint8Array | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface CallOptions {
  headers?: Record<string, string>;
  /** For raw bodies (a Buffer, a string, a stream): the Content-Type (default application/octet-stream). */
  contentType?: string;
  /** name -> value, sent as a Cookie header. */
  cookies?: Record<string, string>;
  /** Sent as X-Forwarded-For (the gateway trusts it only with TRUST_PROXY=true). */
  ip?: string;
}

export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** What a test reads back: the status, the parsed JSON (`{}` when the body is empty or not JSON), its text and bytes, the headers and Set-Cookies. */
export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  bytes: Buffer;
  headers: Headers;
  cookies: Map<string, SetCookie>;
}

function isRaw(body: unknown): body is RawBody {
  return (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ReadableStream ||
    (typeof body === 'object' && body !== null && Symbol.asyncIterator in body)
  );
}

export function tokenOf(caller: Caller): string | undefined {
  if (!caller) return undefined;
  return typeof caller === 'string' ? caller : caller.token;
}

/** One request to a gateway at `baseUrl`. A plain object or array body is sent as JSON; bytes, strings and streams as they are. */
export async function gatewayCall<T = any>(
  baseUrl: string,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  const token = tokenOf(caller);
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  if (options.cookies) {
    headers.cookie = Object.entries(options.cookies)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('; ');
  }
  let sent: RequestInit['body'];
  let streamed = false;
  if (isRaw(body)) {
    headers['content-type'] = options.contentType ?? 'application/octet-stream';
    if (typeof body === 'string' || body instanceof Uint8Array) {
      sent = body as RequestInit['body'];
    } else {
      sent = (body instanceof ReadableStream ? body : ReadableStream.from(body)) as unknown as RequestInit['body'];
      streamed = true;
    }
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    sent = JSON.stringify(body);
  }
  Object.assign(headers, options.headers);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: sent,
    ...(streamed ? { duplex: 'half' } : {}),
  } as RequestInit);
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  let parsed: any = {};
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV, XML, images: read `text` or `bytes`.
    }
  }
  return {
    status: response.status,
    body: parsed as T,
    text,
    bytes,
    headers: response.headers,
    cookies: setCookiesOf(response.headers),
  };
}

/** The Set-Cookie headers of a response, by cookie name, attributes keyed in lower case. */
export function setCookiesOf(response: Response | Headers): Map<string, SetCookie> {
  const headers = response instanceof Headers ? response : response.headers;
  const cookies = new Map<string, SetCookie>();
  for (const line of headers.getSetCookie()) {
    const [pair, ...rest] = line.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const attribute of rest) {
      const at = attribute.indexOf('=');
      if (at < 0) attributes[attribute.toLowerCase()] = true;
      else attributes[attribute.slice(0, at).toLowerCase()] = attribute.slice(at + 1);
    }
    cookies.set(pair.slice(0, eq), {
      name: pair.slice(0, eq),
      value: decodeURIComponent(pair.slice(eq + 1)),
      attributes,
    });
  }
  return cookies;
}

/** Claims of an access token, without verifying it (the gateway does that). */
export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, any>;
}

/** A problem+json body without its per-request member. */
export async function problemOf(reply: Reply | Response): Promise<Record<string, unknown>> {
  const body = (reply instanceof Response ? await reply.json() : reply.body) as Record<string, unknown>;
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

export interface BrowserRequestOptions {
  token?: string;
  /** name -> value, sent as a Cookie header. */
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as X-Forwarded-For (the gateway trusts it only with TRUST_PROXY=true). */
  ip?: string;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

/**
 * The gateway as a browser meets it (the sign-in and session suites): each request
 * answered with the fetch API's Response, so Set-Cookie and every header are as sent.
 */
export class BrowserClient {
  constructor(private readonly baseUrl: string) {}

  request(method: string, path: string, body?: unknown, options: BrowserRequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ip) headers['x-forwarded-for'] = options.ip;
    if (options.cookies) {
      headers.cookie = Object.entries(options.cookies)
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join('; ');
    }
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  post(path: string, body: unknown = {}, options: BrowserRequestOptions = {}): Promise<Response> {
    return this.request('POST', path, body, options);
  }

  get(path: string, options: BrowserRequestOptions = {}): Promise<Response> {
    return this.request('GET', path, undefined, options);
  }

  /** Bearer sign-in that must succeed. */
  async signIn(login: string, password: string, options: BrowserRequestOptions = {}): Promise<Tokens> {
    const response = await this.post('/api/v1/auth/sign-in', { login, password }, options);
    if (response.status !== 200) {
      throw new Error(`sign-in answered ${response.status}: ${JSON.stringify(await response.json())}`);
    }
    return (await response.json()) as Tokens;
  }
}
