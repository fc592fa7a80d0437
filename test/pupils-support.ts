/**
 * Shared by the pupil-register suites (test/pupils-*.e2e-spec.ts): a stack with the
 * gateway, identity, pupil-records and audit; schools made and signed through the platform
 * routes as in real life; staff signed in through the gateway; valid UPNs.
 */
import { EventEnvelope, upnCheckLetter } from '@pt/contracts';
import { identitySql, insertStaffUser, signInThroughGateway, TestStack } from '@pt/testing';
import { Client } from 'pg';

export const PLATFORM_ADMIN = { login: 'pupils.platform@platform.test', password: 'Pupils-Platform-Pass-1' };

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface PupilsStack {
  stack: TestStack;
  platformToken: string;
  call<T = any>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
  /** A school made by the platform admin; signed: its data processing terms are recorded (P11). */
  createSchool(signed: boolean): Promise<string>;
  sign(schoolId: string): Promise<void>;
  /** A staff member signed in through the gateway; returns the access token. */
  staff(schoolId: string, roles: string[], classGroupIds?: string[] | null): Promise<string>;
  /** The durable events of this subject the stack has published to its JetStream stream, oldest first. */
  published<T = Record<string, unknown>>(subject: string): Promise<EventEnvelope<T>[]>;
  /** SQL as the owner of the stack's pupil-records database (not bound by RLS): for checks only. */
  pupilsSql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

let schoolSerial = 0;
let staffSerial = 0;

export async function startPupilsStack(label: string, env: Record<string, string> = {}): Promise<PupilsStack> {
  const stack = await TestStack.start({
    label,
    processes: ['gateway', 'identity', 'pupil-records', 'audit'],
    env,
    envFor: {
      identity: { BOOTSTRAP_ADMIN_EMAIL: PLATFORM_ADMIN.login, BOOTSTRAP_ADMIN_PASSWORD: PLATFORM_ADMIN.password },
    },
  });
  const owner = new Client({ connectionString: stack.ownerUrlOf('pupil-records') });
  let platformToken: string;
  try {
    platformToken = await signInThroughGateway(stack, PLATFORM_ADMIN.login, PLATFORM_ADMIN.password);
    await owner.connect();
  } catch (error) {
    // Leave no processes, databases or streams behind a failed start.
    await stack.stop().catch(() => undefined);
    throw error;
  }

  const call: PupilsStack['call'] = async (method, path, token, body, headers = {}) => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  };

  const sign = async (schoolId: string) => {
    const signed = await call('POST', `/api/v1/platform/schools/${schoolId}/data-processing-signature`, platformToken, {
      signedByName: 'A. Head',
      signedByRole: 'Headteacher',
      termsVersion: '2026-09',
      signedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    if (signed.status !== 200) throw new Error(`signature answered ${signed.status}`);
  };

  return {
    stack,
    platformToken,
    call,
    sign,
    async createSchool(signed) {
      const n = ++schoolSerial;
      const created = await call('POST', '/api/v1/platform/schools', platformToken, {
        name: `Pupils School ${n}`,
        laCode: '801',
        establishmentNumber: String(2000 + n),
        address: { line1: '1 School Lane', town: 'Bristol', postcode: 'BS1 1AA' },
        contact: { name: 'Office', email: `office${n}@pupils.test` },
      });
      if (created.status !== 201) throw new Error(`school creation answered ${created.status}`);
      if (signed) await sign(created.body.id);
      return created.body.id as string;
    },
    async staff(schoolId, roles, classGroupIds = null) {
      const username = `pupils.staff${++staffSerial}`;
      const password = `Staff-${staffSerial}-Pass-1234`;
      const id = await insertStaffUser(stack, { tenantId: schoolId, username, password, roles });
      if (classGroupIds) {
        await identitySql(stack, 'update user_account set class_group_ids = $2 where id = $1', [id, classGroupIds]);
      }
      return signInThroughGateway(stack, username, password);
    },
    published<T>(subject: string) {
      return stack.publishedEvents<T>(subject);
    },
    async pupilsSql(text, params = []) {
      return (await owner.query(text, params)).rows;
    },
    async stop() {
      await owner.end().catch(() => undefined);
      await stack.stop();
    },
  };
}

let upnSerial = 0;

/** A valid permanent UPN (LA 801, establishment 2000, year 26), different on every call. */
export function nextUpn(): string {
  const rest = `801200026${String(++upnSerial).padStart(3, '0')}`;
  return upnCheckLetter(rest) + rest;
}

/** The same UPN with a wrong check letter. */
export function withWrongCheckLetter(upn: string): string {
  const letters = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  return letters[(letters.indexOf(upn[0]) + 1) % letters.length] + upn.slice(1);
}

/** A date of birth that fits the year group this academic year (age Y+4 on the last 31 August). */
export function birthDateFor(yearGroup: string, monthDay = '03-15'): string {
  const now = new Date();
  const startYear = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const age = yearGroup === 'R' ? 4 : yearGroup === 'N' ? 3 : Number(yearGroup) + 4;
  // Born in the spring, so the age on 31 August is `age`.
  return `${startYear - age}-${monthDay}`;
}

export function newPupil(overrides: Record<string, unknown> = {}) {
  const yearGroup = (overrides.yearGroup as string | undefined) ?? '7';
  return {
    upn: nextUpn(),
    legalForename: 'Amira',
    legalSurname: 'Khan',
    dateOfBirth: birthDateFor(yearGroup),
    yearGroup,
    gender: 'F',
    ...overrides,
  };
}
