/**
 * The demo school `npm start` seeds outside production: a school with its data processing
 * terms signed and an active school admin, made through the API exactly as a platform
 * admin and the school would (the admin's invitation is read from the .eml mailbox).
 * Its sign-in is kept in .data/demo-school.json and printed on every start.
 */
import { mailsTo, tokenIn } from '@pt/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BASE = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const STATE = join(ROOT, '.data', 'demo-school.json');
const MAIL_DIR = (() => {
  const dir = process.env.MAIL_DIR ?? '.mail';
  return isAbsolute(dir) ? dir : join(ROOT, dir);
})();
const DEMO = {
  laCode: '999',
  establishmentNumber: '9001',
  username: 'demo.head',
  email: 'demo.head@demo-school.local',
};

interface Reply {
  status: number;
  body: Record<string, any>;
}

async function call(method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

function expectStatus(reply: Reply, ...ok: number[]): Reply {
  if (!ok.includes(reply.status))
    throw new Error(`unexpected ${reply.status}: ${reply.body.code ?? ''} ${reply.body.detail ?? ''}`);
  return reply;
}

async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') return;
  const adminEmail = process.env.BOOTSTRAP_ADMIN_EMAIL;
  const adminPassword = process.env.BOOTSTRAP_ADMIN_PASSWORD;
  if (!adminEmail || !adminPassword) return console.log('no BOOTSTRAP_ADMIN_*: demo school not seeded');

  if (existsSync(STATE)) {
    const saved = JSON.parse(readFileSync(STATE, 'utf8')) as { username: string; password: string };
    const check = await call('POST', '/api/v1/auth/sign-in', undefined, {
      login: saved.username,
      password: saved.password,
    });
    if (check.status === 200) return print(saved);
  }

  const platform = expectStatus(
    await call('POST', '/api/v1/auth/sign-in', undefined, { login: adminEmail, password: adminPassword }),
    200,
  ).body.accessToken as string;

  const created = await call('POST', '/api/v1/platform/schools', platform, {
    name: 'Demo Primary School',
    laCode: DEMO.laCode,
    establishmentNumber: DEMO.establishmentNumber,
    address: { line1: '1 Demo Lane', town: 'Demoton', postcode: 'DE1 1MO' },
    contact: { name: 'School Office', email: 'office@demo-school.local' },
  });
  const schoolId =
    created.status === 201
      ? (created.body.id as string)
      : await findSchool(platform, `${DEMO.laCode}/${DEMO.establishmentNumber}`);
  expectStatus(
    await call('POST', `/api/v1/platform/schools/${schoolId}/data-processing-signature`, platform, {
      signedByName: 'Demo Headteacher',
      signedByRole: 'Headteacher',
      termsVersion: 'demo',
      signedAt: new Date().toISOString(),
    }),
    200,
  );

  const startedAt = Date.now();
  const admin = await call('POST', `/api/v1/platform/schools/${schoolId}/admins`, platform, {
    firstName: 'Demo',
    lastName: 'Head',
    username: DEMO.username,
    email: DEMO.email,
  });
  expectStatus(admin, 201, 409);
  if (admin.status === 409) {
    throw new Error('the demo admin exists but .data/demo-school.json is gone: use a password reset for demo.head');
  }

  const password = `Demo-${randomBytes(9).toString('base64url')}-4x`;
  const mail = await waitForInvitation(startedAt);
  expectStatus(
    await call('POST', '/api/v1/auth/set-password', undefined, { token: tokenIn(mail), password }),
    200,
    204,
  );
  const saved = { username: DEMO.username, password, schoolId };
  mkdirSync(dirname(STATE), { recursive: true });
  writeFileSync(STATE, JSON.stringify(saved, null, 2), { mode: 0o600 });
  print(saved);
}

async function findSchool(token: string, dfeNumber: string): Promise<string> {
  let cursor: string | null = null;
  do {
    const page = expectStatus(
      await call('GET', `/api/v1/platform/schools?limit=200${cursor ? `&cursor=${cursor}` : ''}`, token),
      200,
    );
    const school = (page.body.items as { id: string; dfeNumber: string }[]).find((s) => s.dfeNumber === dfeNumber);
    if (school) return school.id;
    cursor = page.body.nextCursor;
  } while (cursor);
  throw new Error(`school ${dfeNumber} not found`);
}

async function waitForInvitation(after: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mail = mailsTo(MAIL_DIR, DEMO.email, 'invitation').find((m) => statTime(m.file) >= after - 1000);
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no invitation email in ${MAIL_DIR}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Mailbox file names start with the ISO time they were written. */
function statTime(file: string): number {
  const stamp = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(file);
  return stamp ? Date.parse(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}.${stamp[5]}Z`) : 0;
}

function print(saved: { username: string; password: string }): void {
  console.log(`demo school sign-in: ${saved.username} / ${saved.password}  (school admin, development only)`);
}

main().catch((error: Error) => {
  console.error(`demo seed failed: ${error.message}`);
  process.exit(1);
});
