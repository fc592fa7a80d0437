import { ActorKind, AuditVerification, MessageContext, VERIFY_AUDIT_LOG } from '@pt/contracts';
import { syntheticEvent, waitForEntries, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

const AUDITOR: MessageContext = {
  tenantId: null,
  actor: { id: randomUUID(), kind: 'platform', roles: ['platform-admin'], permissions: ['audit:platform'] },
  requestId: 'verify-fields',
  ip: null,
};

/**
 * Verify reads chains in a fast text form (a line per entry, a tab between fields) and
 * falls back to JSON when a field would break that form. Entries whose text fields hold
 * tabs, line breaks, quotes or non-ASCII characters, or are empty rather than null, must
 * verify as they are, and tampering with them must still be caught (P24).
 */
describe('P24: verify reads entries whatever their text fields hold', () => {
  let world: World;
  let owner: Client;
  const verify = (schoolId: string) =>
    world.send(VERIFY_AUDIT_LOG, { schoolId }, AUDITOR, 30_000) as Promise<AuditVerification>;

  /** A chain of its own: a plain entry, then one per text, put in the actor's id and kind, the request id and the address. */
  const chainWith = async (texts: string[]) => {
    const schoolId = randomUUID();
    const events = [
      syntheticEvent({ tenantId: schoolId }),
      ...texts.map((text) => ({
        ...syntheticEvent({
          tenantId: schoolId,
          actor: { id: text, kind: text as ActorKind, roles: [] },
          requestId: text,
        }),
        ip: text,
      })),
    ];
    await world.publish(events);
    await waitForEntries(
      world,
      events.map((e) => e.id),
    );
    // Stored as sent: an empty actor id is recorded as none, an empty address and kind as empty text.
    const { rows } = await owner.query(
      'select actor_id, actor_kind, ip from audit_entry where chain = $1 order by sequence',
      [schoolId],
    );
    expect(rows.slice(1)).toEqual(texts.map((text) => ({ actor_id: text || null, actor_kind: text, ip: text })));
    return schoolId;
  };

  /** As the owner with triggers off: what an attacker with the database would do. */
  const tamper = async (sql: string, params: unknown[]) => {
    await owner.query('set session_replication_role = replica');
    try {
      await owner.query(sql, params);
    } finally {
      await owner.query('set session_replication_role = origin');
    }
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'verify-fields',
      processes: ['audit'],
      envFor: { audit: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' } },
    });
    owner = await world.stack.connectOwner('audit');
  }, 60_000);

  afterAll(async () => {
    await owner?.end();
    await world?.stop();
  });

  it('P24: entries with quotes, backslashes, non-ASCII and empty text verify, and an edit of one is caught', async () => {
    const schoolId = await chainWith(['say "hi" \\ back', 'snow ☃', '']);
    expect(await verify(schoolId)).toMatchObject({ ok: true, entries: 4 });
    await tamper('update audit_entry set ip = $3 where chain = $1 and sequence = $2', [schoolId, 3, 'snow ☃☃']);
    expect(await verify(schoolId)).toMatchObject({ ok: false, firstBroken: { sequence: 3, reason: 'hash_mismatch' } });
  });

  it('P24: entries with tabs and line breaks in their text verify, and an edit of one is caught', async () => {
    const schoolId = await chainWith(['tab\there', 'line\nbreak', 'both\tand\n']);
    expect(await verify(schoolId)).toMatchObject({ ok: true, entries: 4 });
    await tamper('update audit_entry set actor_id = $3 where chain = $1 and sequence = $2', [
      schoolId,
      2,
      'tab\tthere too',
    ]);
    expect(await verify(schoolId)).toMatchObject({ ok: false, firstBroken: { sequence: 2, reason: 'hash_mismatch' } });
  });
});
