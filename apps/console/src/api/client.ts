// The console's one way to the API: same origin, cookie mode. State-changing requests carry
// the CSRF cookie's value in x-csrf-token (the gateway's double submit, P4). A 401 is tried
// once through the refresh cookie; when that fails too, the session has ended and the
// listeners (the shell) say why in words.
import { ApiError, problemFrom } from './problem';

/** The cookie the gateway sets readable for this purpose (apps/gateway/src/auth/cookies.ts). */
export const CSRF_COOKIE = 'pt_csrf';
const CSRF_HEADER = 'x-csrf-token';
export const USERNAME_COOKIE = 'pt_username';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

type SessionEndedListener = (code: string) => void;
const sessionEndedListeners = new Set<SessionEndedListener>();
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

export interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (an import's upload), with its own content type, instead of a JSON body. */
  raw?: { content: Blob; type: string };
  ifMatch?: string;
  /** Sign-in and the password pages: a 401 there is an answer, not an ended session. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
}

/** A refresh that worked, or the problem that says why the session could not go on. */
type RefreshOutcome = { ok: true } | { ok: false; problem: ApiError | null };

let refreshing: Promise<RefreshOutcome> | null = null;

async function refreshSession(): Promise<RefreshOutcome> {
  // One refresh for every request that found the access cookie expired at the same time:
  // the refresh token rotates, and a second use of the old one would end the session.
  refreshing ??= send('POST', '/api/v1/auth/refresh', { body: {}, anonymous: true })
    .then(async (response): Promise<RefreshOutcome> => {
      if (response.ok) return { ok: true };
      const body = await bodyOf(response).catch(() => undefined);
      return { ok: false, problem: problemFrom(response.status, body, null) };
    })
    .catch((): RefreshOutcome => ({ ok: false, problem: null }))
    .finally(() => setTimeout(() => (refreshing = null), 0));
  return refreshing;
}

function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.raw) headers['content-type'] = options.raw.type;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  return fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.raw ? options.raw.content : options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
}

async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) return response.json();
  return undefined;
}

/** Codes after which a refresh cannot help: the session itself is over. */
const SESSION_OVER = new Set(['session.replaced', 'session.idle', 'session.ended', 'session.ended_for_maintenance']);

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  let response = await send(method, path, options);
  if (response.status === 401 && !options.anonymous) {
    const first = problemFrom(401, await bodyOf(response).catch(() => undefined), null);
    // No CSRF cookie: this browser has no session to refresh (a first visit, or signed out).
    const refreshable = !SESSION_OVER.has(first.code) && readCookie(CSRF_COOKIE) !== null;
    // Why the session ended is told by whichever answer came last: the retried request's, or,
    // when the refresh itself was refused, the refresh's own (an expired or reused token says
    // so there, while the first 401 only said the access cookie no longer works).
    let final = first;
    if (refreshable) {
      const refreshed = await refreshSession();
      if (refreshed.ok) {
        response = await send(method, path, options);
        if (response.status === 401) final = problemFrom(401, await bodyOf(response).catch(() => undefined), null);
      } else if (refreshed.problem?.status === 401) {
        final = refreshed.problem;
      }
    }
    if (response.status === 401) {
      for (const listener of sessionEndedListeners) listener(final.code);
      throw final;
    }
  }
  const data = await bodyOf(response).catch(() => undefined);
  if (!response.ok) throw problemFrom(response.status, data, response.headers.get('retry-after'));
  return { data: data as T, etag: response.headers.get('etag') };
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, { signal }).then((r) => r.data),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body: body ?? {} }).then((r) => r.data),
};

/** POSTs a file as the request body (not JSON), e.g. a CTF to /api/v1/pupil-imports. */
export const upload = <T>(path: string, content: Blob, type: string) =>
  request<T>('POST', path, { raw: { content, type } }).then((r) => r.data);

/** Builds a query string from the set values only (the API's own URL, never the page's). */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export { ApiError };
