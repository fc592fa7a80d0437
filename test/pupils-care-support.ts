/**
 * What the guardian, consent and photograph suites (test/pupils-consents*.e2e-spec.ts,
 * test/pupils-photos*.e2e-spec.ts) share: a gateway + identity + pupil-records stack with
 * two schools that have signed their data processing terms, each with an admin; an HTTP
 * client that can send raw bodies; pupils, class groups and restrictions made through the
 * register's routes; SQL on the pupil-records database as its owner (to check what is
 * stored). (Real JPEG and PNG bytes: libs/testing's test-images.)
 */
import {
  GatewayReply as Reply,
  gatewayRequest,
  GatewayRequestOptions as CallOptions,
  identitySql,
  insertStaffUser,
  signInThroughGateway,
  testNatsUrl,
  TestStack,
} from '@pt/testing';
import { EventEnvelope, upnCheckLetter } from '@pt/contracts';
import { connect } from 'nats';

export const CARE_ADMIN = { login: 'care.admin@platform.test', password: 'Care-Admin-Pass-12' };

export type { CallOptions, Reply };

export interface CareStack {
  stack: TestStack;
  call<T = any>(method: string, path: string, token: string, options?: CallOptions): Promise<Reply<T>>;
  /** SQL on the pupil-records database as its owner, to check what is stored. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  schools: string[];
  heads: string[];
  /** The platform admin's token (creates schools). */
  platformAdmin: string;
  /** A staff user of school `index` with these roles and class-group limit; returns the token. */
  staff(index: number, roles: string[], classGroupIds?: string[] | null): Promise<string>;
  stop(): Promise<void>;
}

export async function startCareStack(label: string): Promise<CareStack> {
  const stack = await TestStack.start({
    label,
    processes: ['gateway', 'identity', 'pupil-records'],
    envFor: { identity: { BOOTSTRAP_ADMIN_EMAIL: CARE_ADMIN.login, BOOTSTRAP_ADMIN_PASSWORD: CARE_ADMIN.password } },
  });
  const call = <T = any>(method: string, path: string, token: string, options: CallOptions = {}) =>
    gatewayRequest<T>(stack.baseUrl, method, path, token, options);

  const db = await stack.connectOwner('pupil-records');
  const sql = async <T = any>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];

  const admin = await signInThroughGateway(stack, CARE_ADMIN.login, CARE_ADMIN.password);
  const schools: string[] = [];
  const heads: string[] = [];
  let users = 0;
  const staff = async (index: number, roles: string[], classGroupIds: string[] | null = null) => {
    const username = `${label}.staff${++users}`;
    const password = `Care-Staff-${users}-Pass-12`;
    const id = await insertStaffUser(stack, { tenantId: schools[index], username, password, roles });
    if (classGroupIds) {
      await identitySql(stack, 'update user_account set class_group_ids = $2 where id = $1', [id, classGroupIds]);
    }
    return signInThroughGateway(stack, username, password);
  };
  for (let n = 0; n < 2; n++) {
    const created = await call('POST', '/api/v1/platform/schools', admin, { body: schoolBody(n) });
    if (created.status !== 201) throw new Error(`school creation answered ${created.status}`);
    schools.push(created.body.id);
    const signed = await call('POST', `/api/v1/platform/schools/${created.body.id}/data-processing-signature`, admin, {
      body: {
        signedByName: 'A. Head',
        signedByRole: 'Headteacher',
        termsVersion: '2026-09',
        signedAt: '2026-11-20T09:30:00.000Z',
      },
    });
    if (signed.status !== 200) throw new Error(`signature answered ${signed.status}`);
    heads.push(await staff(n, ['school-admin']));
  }

  return {
    stack,
    call,
    sql,
    schools,
    heads,
    platformAdmin: admin,
    staff,
    async stop() {
      await db.end();
      await stack.stop();
      // The stack removes its events stream; the file store's bucket is this suite's to remove.
      const nc = await connect({ servers: testNatsUrl() });
      try {
        const jsm = await nc.jetstreamManager();
        await jsm.streams.delete(`OBJ_files_${stack.eventsNamespace}`).catch(() => undefined);
      } finally {
        await nc.close();
      }
    },
  };
}

function schoolBody(n: number) {
  return {
    name: `Care School ${n + 1}`,
    laCode: '993',
    establishmentNumber: String(6000 + n),
    address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
    contact: { name: 'Office', email: 'office@care.test' },
  };
}

/**
 * P11: a school that has not signed its data processing terms, with an admin (as the last
 * entry of `schools` and `heads`) and one pupil put straight into the database, since the
 * register rightly refuses to create one. Returns the pupil's id.
 */
export async function unsignedSchoolWithPupil(care: CareStack): Promise<{ school: number; pupilId: string }> {
  const created = await care.call('POST', '/api/v1/platform/schools', care.platformAdmin, {
    body: schoolBody(care.schools.length),
  });
  if (created.status !== 201) throw new Error(`school creation answered ${created.status}`);
  care.schools.push(created.body.id);
  const school = care.schools.length - 1;
  care.heads.push(await care.staff(school, ['school-admin']));
  const [{ id }] = await care.sql(
    `insert into pupil (id, tenant_id, upn, legal_forename, legal_surname, date_of_birth, year_group,
                        photo_consent, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'Test', 'Pupil', '2018-01-15', '4', true, now(), now()) returning id`,
    [created.body.id, nextUpn()],
  );
  return { school, pupilId: id };
}

let serial = 0;

/** A valid permanent UPN (DfE check letter), different on every call. */
export function nextUpn(): string {
  const rest = `993600026${String(++serial + (Date.now() % 500) * 1000)
    .padStart(3, '0')
    .slice(-3)}`;
  return `${upnCheckLetter(rest)}${rest}`;
}

/** A pupil of school `school`, added through the register's own route by that school's admin; returns its id. */
export async function createPupil(
  care: CareStack,
  school: number,
  fields: { classGroupId?: string } = {},
): Promise<string> {
  const created = await care.call('POST', '/api/v1/pupils', care.heads[school], {
    body: {
      upn: nextUpn(),
      legalForename: 'Test',
      legalSurname: 'Pupil',
      dateOfBirth: '2018-01-15',
      yearGroup: '4',
      ...fields,
    },
  });
  if (created.status !== 201)
    throw new Error(`pupil creation answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** P18: restricts processing of the pupil through the register's route. */
export async function restrictPupil(care: CareStack, school: number, pupilId: string): Promise<void> {
  const restricted = await care.call('POST', `/api/v1/pupils/${pupilId}/restrictions`, care.heads[school], {
    body: { kind: 'restriction', requestedBy: 'parent', reason: 'Accuracy contested' },
  });
  if (restricted.status !== 201) throw new Error(`restriction answered ${restricted.status}`);
}

/** A class group of school `school`; returns its id. */
export async function createClassGroup(care: CareStack, school: number, name: string): Promise<string> {
  const created = await care.call('POST', '/api/v1/class-groups', care.heads[school], { body: { name } });
  if (created.status !== 201) throw new Error(`class group creation answered ${created.status}`);
  return created.body.id as string;
}

/** The durable events published so far whose subject starts with `prefix` (e.g. `evt.pupil-records.consent.`). */
export async function publishedEvents(care: CareStack, prefix: string): Promise<EventEnvelope[]> {
  return (await care.stack.publishedEvents()).filter((event) => event.subject.startsWith(prefix));
}
