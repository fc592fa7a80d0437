/**
 * Shared by the audit suites (test/audit-*.e2e-spec.ts): events published straight into a
 * stack's stream (as a producer's outbox relay would), the owner's SQL on the audit
 * database, and a small HTTP client for the gateway.
 */
import { AuditEntryView, EventEnvelope } from '@pt/contracts';
import { EventNamespace } from '@pt/platform';
import { testNatsUrl, TestStack } from '@pt/testing';
import { connect, headers } from 'nats';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

export interface Reply {
  status: number;
  body: Record<string, any>;
  text: string;
  headers: Headers;
}

export function gatewayCaller(stack: TestStack) {
  return async (method: string, path: string, token: string, body?: unknown): Promise<Reply> => {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let parsed: Record<string, any> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, any>) : {};
    } catch {
      // CSV and other text bodies
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  };
}

/** A durable event as an outbox would publish it; `msgId` differs from the event id to slip past JetStream's dedupe. */
export function syntheticEvent(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    subject: 'evt.test.probe.happened',
    occurredAt: new Date().toISOString(),
    tenantId: null,
    actor: { id: randomUUID(), kind: 'staff', roles: ['school-admin'] },
    requestId: randomUUID(),
    data: {},
    ...overrides,
  };
}

export async function publishEvents(
  stack: TestStack,
  events: Array<EventEnvelope & { ip?: string }>,
  msgId: (event: EventEnvelope, index: number) => string = (event) => event.id,
): Promise<void> {
  const nc = await connect({ servers: testNatsUrl() });
  try {
    const namespace = new EventNamespace(stack.eventsNamespace);
    const js = nc.jetstream();
    for (const [index, event] of events.entries()) {
      const h = headers();
      h.set('Nats-Msg-Id', msgId(event, index));
      await js.publish(namespace.wire(event.subject), JSON.stringify(event), { headers: h });
    }
  } finally {
    await nc.close();
  }
}

/** The audit service's own runtime role, as it connects at run time. */
export async function auditRuntime(stack: TestStack): Promise<Client> {
  const names = stack.databaseOf('audit');
  const url = new URL(stack.ownerUrlOf('audit'));
  url.username = names.appRole;
  url.password = 'test-app-password';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Waits until the audit log holds an entry for each of these event ids. */
export async function waitForEntries(stack: TestStack, db: Client, eventIds: string[], timeoutMs = 10_000) {
  await stack.waitUntil(async () => {
    const { rows } = await db.query('select count(*)::int as n from audit_entry where event_id = any($1::uuid[])', [
      eventIds,
    ]);
    return rows[0].n === eventIds.length;
  }, timeoutMs);
}

export type EntryList = { items: AuditEntryView[]; nextCursor: string | null };
