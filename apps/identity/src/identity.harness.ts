import { Algorithm, hash } from '@node-rs/argon2';
import { MessageContext } from '@pt/contracts';
import { aPlatformUser, aStaff, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { IdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

/** The password hash identity itself writes (OWASP's argon2id parameters), so sign-in never rehashes. */
const OWASP_ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The identity service alone, on a database of its own, for its integration specs: its
 * real module behind the bus guard, pipes and filter, without NATS or the gateway (see
 * libs/testing/src/service-harness.ts).
 */
export function startIdentityHarness(env: Record<string, string> = {}): Promise<ServiceHarness> {
  return ServiceHarness.start({
    service: 'identity',
    configSchema: IdentityConfig,
    module: IdentityModule.register,
    env,
  });
}

let schoolNumber = 0;

/** An active school in identity's register, with its own password policy and session rule when given. */
export async function insertSchool(
  identity: ServiceHarness,
  settings: { concurrentSessions?: 'allow' | 'replace' | 'refuse'; passwordPolicy?: Record<string, number> } = {},
): Promise<SchoolRef> {
  const id = randomUUID();
  schoolNumber += 1;
  await identity.sql(
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
  return { id };
}

/** An account as identity stores it, and the ctx the gateway would send for it once signed in. */
export interface AccountFixture {
  id: string;
  username: string;
  password: string;
  ctx: MessageContext;
}

/** An active member of staff of `school` (teacher unless told otherwise) with `password`. */
export async function insertStaffAccount(
  identity: ServiceHarness,
  school: SchoolRef,
  password: string,
  roles: string[] = ['teacher'],
): Promise<AccountFixture> {
  const id = randomUUID();
  const username = `staff.${id.slice(0, 8)}`;
  await identity.sql(
    `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
     values ($1, $2, 'staff', $3, $4, 'Alex', 'Teacher', $5, $6, 'active')`,
    [id, school.id, username, `${username}@school.test`, await hash(password, OWASP_ARGON2), roles],
  );
  return { id, username, password, ctx: aStaff(school, { id, roles: roles as never }) };
}

/** An active platform user (platform-admin) with `password`, outside any school. */
export async function insertPlatformAccount(identity: ServiceHarness, password: string): Promise<AccountFixture> {
  const id = randomUUID();
  const username = `platform.${id.slice(0, 8)}`;
  await identity.sql(
    `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
     values ($1, null, 'platform', $2, $3, 'Pat', 'Admin', $4, $5, 'active')`,
    [id, username, `${username}@platform.test`, await hash(password, OWASP_ARGON2), ['platform-admin']],
  );
  return { id, username, password, ctx: aPlatformUser({ id }) };
}
