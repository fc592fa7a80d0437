/**
 * Shared by the P13 suites (test/sessions-*.e2e-spec.ts, test/maintenance-*.e2e-spec.ts):
 * a gateway + identity stack, ops and staff accounts, the test clock moved on every
 * process at once, and the durable events a stack published.
 */
import { hash } from '@node-rs/argon2';
import { TEST_CLOCK_SUBJECT } from '@pt/contracts';
import { testNatsUrl, TestStack } from '@pt/testing';
import { connect, JSONCodec, RequestStrategy } from 'nats';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { OWASP_ARGON2 } from './sign-in-support';

export { GatewayClient, insertSchool, insertStaff, problemOf } from './sign-in-support';
export type { StaffAccount } from './sign-in-support';

export const PLATFORM_ADMIN = { login: 'p13.admin@platform.test', password: 'P13-Platform-Admin-1' };
export const PASSWORD = 'Quiet-Heron-2026';

export function startP13Stack(
  label: string,
  env: { identity?: Record<string, string>; gateway?: Record<string, string> } = {},
): Promise<TestStack> {
  return TestStack.start({
    label,
    processes: ['gateway', 'identity'],
    envFor: {
      identity: {
        BOOTSTRAP_ADMIN_EMAIL: PLATFORM_ADMIN.login,
        BOOTSTRAP_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
        ...env.identity,
      },
      gateway: { TRUST_PROXY: 'true', ...env.gateway },
    },
  });
}

/** A platform account with the given roles (e.g. ops), active, inserted as the owner. */
export async function insertPlatformUser(db: Client, roles: string[]): Promise<{ id: string; username: string }> {
  const id = randomUUID();
  const username = `${roles[0]}.${id.slice(0, 8)}`;
  await db.query(
    `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status,
                               security_training_completed_at)
     values ($1, null, 'platform', $2, $3, 'Pat', 'Ops', $4, $5, 'active', now())`,
    [id, username, `${username}@platform.test`, await hash(PASSWORD, OWASP_ARGON2), roles],
  );
  return { id, username };
}

/**
 * Moves the clock of every process of the stack to real time + offsetMs (NODE_ENV=test
 * only) and waits until `processes` of them have confirmed.
 */
export async function setClock(stack: TestStack, offsetMs: number, processes: number): Promise<void> {
  const nc = await connect({ servers: testNatsUrl() });
  const codec = JSONCodec();
  try {
    const replies = await nc.requestMany(`${stack.name}.${TEST_CLOCK_SUBJECT}`, codec.encode({ offsetMs }), {
      strategy: RequestStrategy.Count,
      maxMessages: processes,
      maxWait: 3000,
    });
    let confirmed = 0;
    for await (const reply of replies) {
      if ((codec.decode(reply.data) as { offsetMs: number }).offsetMs === offsetMs) confirmed += 1;
    }
    if (confirmed !== processes) throw new Error(`clock moved on ${confirmed} of ${processes} processes`);
  } finally {
    await nc.close();
  }
}

export interface PublishedEvent {
  subject: string;
  tenantId: string | null;
  data: Record<string, any>;
}

/** The durable events of one subject in the stack's stream, once `until` holds for them. */
export async function eventsOf(
  stack: TestStack,
  subject: string,
  until: (events: PublishedEvent[]) => boolean = (events) => events.length > 0,
): Promise<PublishedEvent[]> {
  let events: PublishedEvent[] = [];
  await stack.waitUntil(
    async () => {
      events = (await stack.publishedEvents(subject)).map(({ tenantId, data }) => ({ subject, tenantId, data }));
      return until(events);
    },
    10_000,
    200,
  );
  return events;
}
