/**
 * Shared by the sign-in suites (test/sign-in-*.e2e-spec.ts): an HTTP client for the
 * gateway that keeps cookies the way a browser would show them, and direct inserts of
 * schools and staff accounts into a stack's identity database (as the owner), until the
 * user-management routes exist to make them through the API.
 */
import { Algorithm, hash } from '@node-rs/argon2';
import { TestStack } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export const OWASP_ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface SetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** The Set-Cookie headers of a response, by cookie name, attributes keyed in lower case. */
export function setCookiesOf(response: Response): Map<string, SetCookie> {
  const cookies = new Map<string, SetCookie>();
  for (const line of response.headers.getSetCookie()) {
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

export interface RequestOptions {
  token?: string;
  /** name -> value, sent as a Cookie header. */
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as X-Forwarded-For (the gateway trusts it only with TRUST_PROXY=true). */
  ip?: string;
}

export class GatewayClient {
  constructor(private readonly stack: TestStack) {}

  request(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.ip) headers['x-forwarded-for'] = options.ip;
    if (options.cookies) {
      headers.cookie = Object.entries(options.cookies)
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join('; ');
    }
    return fetch(`${this.stack.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  post(path: string, body: unknown = {}, options: RequestOptions = {}): Promise<Response> {
    return this.request('POST', path, body, options);
  }

  get(path: string, options: RequestOptions = {}): Promise<Response> {
    return this.request('GET', path, undefined, options);
  }

  /** Bearer sign-in that must succeed. */
  async signIn(login: string, password: string, options: RequestOptions = {}): Promise<Tokens> {
    const response = await this.post('/api/v1/auth/sign-in', { login, password }, options);
    if (response.status !== 200) {
      throw new Error(`sign-in answered ${response.status}: ${JSON.stringify(await response.json())}`);
    }
    return (await response.json()) as Tokens;
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

let schoolNumber = 0;

export async function insertSchool(
  db: Client,
  settings: { concurrentSessions?: 'allow' | 'replace' | 'refuse'; passwordPolicy?: Record<string, number> } = {},
): Promise<string> {
  const id = randomUUID();
  schoolNumber += 1;
  await db.query(
    `insert into school (id, name, la_code, establishment_number, address_line1, address_town, address_postcode,
                         contact_name, contact_email, status, password_policy, concurrent_sessions)
     values ($1, $2, '999', $3, '1 High Street', 'Testbury', 'TE1 1ST', 'Office', 'office@school.test', 'active', $4, $5)`,
    [
      id,
      `Test School ${schoolNumber}`,
      String(1000 + schoolNumber),
      settings.passwordPolicy ? JSON.stringify(settings.passwordPolicy) : null,
      settings.concurrentSessions ?? 'replace',
    ],
  );
  return id;
}

export interface StaffAccount {
  id: string;
  tenantId: string;
  username: string;
  email: string;
  password: string;
}

export async function insertStaff(
  db: Client,
  tenantId: string,
  password: string,
  options: { username?: string; roles?: string[] } = {},
): Promise<StaffAccount> {
  const id = randomUUID();
  const username = options.username ?? `staff.${id.slice(0, 8)}`;
  const email = `${username}@school.test`;
  await db.query(
    `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
     values ($1, $2, 'staff', $3, $4, 'Alex', 'Teacher', $5, $6, 'active')`,
    [id, tenantId, username, email, await hash(password, OWASP_ARGON2), options.roles ?? ['teacher']],
  );
  return { id, tenantId, username, email, password };
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

/** The problem+json body without its per-request member. */
export async function problemOf(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  delete body.requestId;
  return body;
}
