/**
 * What the audit suites add to the world: durable events made up as a producer's outbox
 * would publish them, audit's runtime role, and waiting until the log holds entries.
 */
import { AuditEntryView, EventEnvelope } from '@pt/contracts';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { World } from './world';

/** A durable event as an outbox would publish it (publish with `world.publish`). */
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

/** The audit service's own runtime role, as it connects at run time; the caller ends it. */
export async function auditRuntime(world: World): Promise<Client> {
  const names = world.stack.databaseOf('audit');
  const url = new URL(world.stack.ownerUrlOf('audit'));
  url.username = names.appRole;
  url.password = 'test-app-password';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Waits until the audit log holds an entry for each of these event ids. */
export async function waitForEntries(world: World, eventIds: string[], timeoutMs = 10_000): Promise<void> {
  await world.until(async () => {
    const [{ n }] = await world.sql(
      'audit',
      'select count(*)::int as n from audit_entry where event_id = any($1::uuid[])',
      [eventIds],
    );
    return n === eventIds.length;
  }, timeoutMs);
}

export type EntryList = { items: AuditEntryView[]; nextCursor: string | null };
