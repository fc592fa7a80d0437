/**
 * What the users and roles end-to-end suites share: a gateway + identity stack whose mail
 * goes to a directory of its own, an HTTP client, reading the .eml files it writes, and
 * a school with an active first admin, made through the platform routes as in real life.
 */
import { Mail, mailsTo, TestStack, tokenIn } from '@pt/testing';

export { mailsTo, tokenIn };
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const PLATFORM_ADMIN = { login: 'platform.admin@platform.test', password: 'Platform-Admin-Pass-1' };
export const GOOD_PASSWORD = 'Kestrel-Moor-2026';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface UsersStack {
  stack: TestStack;
  mailDir: string;
  /** A request through the gateway; JSON in and out. */
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  /** SQL on the stack's identity database, as its owner (arranging what no route does). */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export async function startUsersStack(label: string, identityEnv: Record<string, string> = {}): Promise<UsersStack> {
  const mailDir = mkdtempSync(join(tmpdir(), `pt-mail-${label}-`));
  const stack = await TestStack.start({
    label,
    processes: ['gateway', 'identity'],
    envFor: {
      identity: {
        BOOTSTRAP_ADMIN_EMAIL: PLATFORM_ADMIN.login,
        BOOTSTRAP_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
        MAIL_DIR: mailDir,
        PUBLIC_APP_URL: 'https://app.pupil-tracking.test',
        ...identityEnv,
      },
    },
  });
  const owner = new Client({ connectionString: stack.ownerUrlOf('identity') });
  await owner.connect();
  return {
    stack,
    mailDir,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
    async sql(text, params = []) {
      return (await owner.query(text, params)).rows;
    },
    async stop() {
      await owner.end().catch(() => undefined);
      await stack.stop();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

/** Waits for the newest message of a kind to an address (mail is written after the reply, for resets). */
export async function waitForMail(
  mailDir: string,
  to: string,
  kind: 'invitation' | 'password-reset' | 'marketing',
  after = 0,
): Promise<Mail> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = mailsTo(mailDir, to, kind);
    if (found.length > after) return found[found.length - 1];
    if (Date.now() > deadline) throw new Error(`no ${kind} mail to ${to} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function signIn(users: UsersStack, login: string, password: string): Promise<string> {
  const reply = await users.call('POST', '/api/v1/auth/sign-in', { body: { login, password } });
  if (reply.status !== 200) throw new Error(`sign-in answered ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.accessToken;
}

let schoolCounter = 0;

/** A school, made by the platform admin through the schools route. */
export async function createSchool(users: UsersStack, platformToken: string): Promise<string> {
  schoolCounter += 1;
  const reply = await users.call('POST', '/api/v1/platform/schools', {
    token: platformToken,
    body: {
      name: `Users Test School ${schoolCounter}`,
      laCode: '998',
      establishmentNumber: String(2000 + schoolCounter + Math.floor(Math.random() * 7000)),
      address: { line1: '1 School Lane', town: 'Testbury', postcode: 'TE5 7AB' },
      contact: { name: 'Office', email: 'office@school.test' },
    },
  });
  if (reply.status !== 201) throw new Error(`school not created: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.id;
}

export interface SchoolAdmin {
  schoolId: string;
  userId: string;
  username: string;
  email: string;
  token: string;
}

/** A school with its first admin invited by the platform, password set from the emailed link, signed in. */
export async function schoolWithAdmin(users: UsersStack, platformToken: string, name: string): Promise<SchoolAdmin> {
  const schoolId = await createSchool(users, platformToken);
  const username = `${name}.admin`;
  const email = `${name}.admin@school.test`;
  const created = await users.call('POST', `/api/v1/platform/schools/${schoolId}/admins`, {
    token: platformToken,
    body: { firstName: 'First', lastName: 'Admin', username, email, jobTitle: 'Head teacher' },
  });
  if (created.status !== 201) throw new Error(`admin not created: ${created.status} ${JSON.stringify(created.body)}`);
  await activate(users, email);
  return { schoolId, userId: created.body.id, username, email, token: await signIn(users, username, GOOD_PASSWORD) };
}

/** Sets the password from the newest invitation to `email`. */
export async function activate(users: UsersStack, email: string, password = GOOD_PASSWORD): Promise<Reply> {
  const mail = await waitForMail(users.mailDir, email, 'invitation');
  const reply = await users.call('POST', '/api/v1/auth/set-password', { body: { token: tokenIn(mail), password } });
  if (reply.status !== 204) throw new Error(`set-password answered ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

export interface PublishedEvent {
  subject: string;
  tenantId: string | null;
  data: Record<string, unknown>;
}

/**
 * The durable events of one subject that reached the stack's JetStream stream (relayed
 * from identity's outbox), waiting until `until` holds for them (default: at least one).
 */
export async function publishedEvents(
  users: UsersStack,
  subject: string,
  until: (events: PublishedEvent[]) => boolean = (events) => events.length > 0,
): Promise<PublishedEvent[]> {
  let events: PublishedEvent[] = [];
  await users.stack.waitUntil(
    async () => {
      events = (await users.stack.publishedEvents(subject)).map(({ tenantId, data }) => ({ subject, tenantId, data }));
      return until(events);
    },
    5000,
    100,
  );
  return events;
}

/** Claims of an access token, without verifying it (the gateway does that). */
export function claimsOf(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}
