import { auditRuntime, Reply, syntheticEvent, waitForEntries, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { entryHash, HashedEntryContent } from '../apps/audit/src/log/entry-hash';

/** An audit_entry row as the hash sees it. */
function contentOf(row: Record<string, any>): HashedEntryContent {
  return {
    id: row.id,
    chain: row.chain,
    sequence: Number(row.sequence),
    eventId: row.event_id,
    tenantId: row.tenant_id,
    actorId: row.actor_id,
    actorKind: row.actor_kind,
    supportGrantId: row.support_grant_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    requestId: row.request_id,
    ip: row.ip,
    occurredAt: row.occurred_at,
    detail: row.detail,
    prevHash: row.prev_hash,
  };
}

describe('P24: the audit log is append-only and tamper-evident', () => {
  let world: World;
  let owner: Client;
  let adminToken: string;
  /** A school of its own, fed only by this suite's events, so that nothing appends while rows are tampered with. */
  const schoolId = randomUUID();

  const verify = async (body: Record<string, unknown> = { schoolId }) => {
    const response = await world.call(adminToken, 'POST', '/api/v1/platform/audit-verifications', body);
    expect(response.status).toBe(200);
    return response.body;
  };
  const entryAt = async (sequence: number) =>
    (await owner.query('select * from audit_entry where chain = $1 and sequence = $2', [schoolId, sequence])).rows[0];
  /** As the owner with triggers off (replica mode): what an attacker with the database would do. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await owner.query('set session_replication_role = replica');
    try {
      await owner.query(sql, params);
    } finally {
      await owner.query('set session_replication_role = origin');
    }
  };
  const reinsert = async (row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    const values = columns.map((c) =>
      row[c] !== null && typeof row[c] === 'object' && !(row[c] instanceof Date) ? JSON.stringify(row[c]) : row[c],
    );
    await tamper(
      `insert into audit_entry (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'auditchain',
      processes: ['gateway', 'identity', 'audit'],
      envFor: {
        // Checkpoints only when the test asks, so each case knows where the chain's last one is.
        audit: {
          AUDIT_CHECKPOINT_KEY: 'test-only checkpoint key, 32+ characters long',
          AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
        },
      },
    });
    owner = await world.stack.connectOwner('audit');
    adminToken = world.platformAdmin.token;
    const events = Array.from({ length: 6 }, (_, i) =>
      syntheticEvent({ tenantId: schoolId, data: { userId: randomUUID(), step: i } }),
    );
    await world.publish(events);
    await waitForEntries(
      world,
      events.map((e) => e.id),
    );
  }, 60_000);

  afterAll(async () => {
    await owner?.end();
    await world?.stop();
  });

  it("P24: links each school's entries into one chain, numbered from 1", async () => {
    const { rows } = await owner.query(
      'select sequence::int, prev_hash, hash from audit_entry where chain = $1 order by sequence',
      [schoolId],
    );
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await verify()).toEqual({ ok: true, chains: 1, entries: 6 });
  });

  it("P24: the service's own database role can only insert and read entries: update, delete and truncate fail", async () => {
    const runtime = await auditRuntime(world);
    try {
      await runtime.query('begin');
      await runtime.query(`select set_config('app.scope', 'platform', true)`);
      expect((await runtime.query('select count(*)::int as n from audit_entry')).rows[0].n).toBeGreaterThan(0);
      // Refused by the grants ("permission denied"), before the trigger would be reached.
      await expect(runtime.query(`update audit_entry set action = 'x'`)).rejects.toMatchObject({
        code: '42501',
        message: expect.stringContaining('permission denied'),
      });
      await runtime.query('rollback');
      for (const sql of [
        'delete from audit_entry',
        'truncate audit_entry',
        `update audit_checkpoint set hash = 'x'`,
        'delete from audit_checkpoint',
      ]) {
        await expect(runtime.query(sql)).rejects.toMatchObject({
          code: '42501',
          message: expect.stringContaining('permission denied'),
        });
      }
    } finally {
      await runtime.end();
    }
  });

  it('P24: a trigger refuses updates and deletes even to the owner, as a second guard', async () => {
    await expect(owner.query(`update audit_entry set action = 'x' where chain = $1`, [schoolId])).rejects.toMatchObject(
      {
        code: '42501',
        message: expect.stringContaining('append-only'),
      },
    );
    await expect(owner.query('delete from audit_entry where chain = $1', [schoolId])).rejects.toMatchObject({
      code: '42501',
    });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P24: verify catches an edited entry, naming its chain, sequence and id', async () => {
    const original = await entryAt(3);
    await tamper(`update audit_entry set detail = '{"step": 99}' where id = $1`, [original.id]);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { chain: schoolId, sequence: 3, entryId: original.id, reason: 'hash_mismatch' },
    });
    // Re-hashing the edited entry (the hash function is no secret) moves the break to the link after it.
    const edited = await entryAt(3);
    await tamper('update audit_entry set hash = $2 where id = $1', [original.id, entryHash(contentOf(edited))]);
    expect((await verify()).firstBroken).toMatchObject({ sequence: 4, reason: 'prev_hash_mismatch' });
    await tamper(`update audit_entry set detail = $2, hash = $3 where id = $1`, [
      original.id,
      JSON.stringify(original.detail),
      original.hash,
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P24: verify catches a deleted entry', async () => {
    const original = await entryAt(2);
    await tamper('delete from audit_entry where id = $1', [original.id]);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { chain: schoolId, sequence: 2, entryId: null, reason: 'sequence_gap' },
    });
    await reinsert(original);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P24: verify catches reordered entries', async () => {
    const [four, five] = [await entryAt(4), await entryAt(5)];
    const swap = async (a: Record<string, any>, b: Record<string, any>) => {
      await tamper('update audit_entry set sequence = -1 where id = $1', [a.id]);
      await tamper('update audit_entry set sequence = $2 where id = $1', [b.id, a.sequence]);
      await tamper('update audit_entry set sequence = $2 where id = $1', [a.id, b.sequence]);
    };
    await swap(four, five);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { chain: schoolId, sequence: 4, entryId: five.id, reason: 'hash_mismatch' },
    });
    await swap(await entryAt(5), await entryAt(4));
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P24: a signed checkpoint catches a truncated tail, and a forged checkpoint is caught too', async () => {
    const made = await world.call(adminToken, 'POST', '/api/v1/platform/audit-checkpoints');
    expect(made.status).toBe(201);
    expect(made.body.checkpointed).toBeGreaterThanOrEqual(1);
    const checkpoint = (await owner.query('select * from audit_checkpoint where chain = $1', [schoolId])).rows[0];
    expect(Number(checkpoint.sequence)).toBe(6);

    const [five, six] = [await entryAt(5), await entryAt(6)];
    await tamper('delete from audit_entry where id = any($1::uuid[])', [[five.id, six.id]]);
    // What is left links up perfectly; only the checkpoint knows the chain was longer.
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { chain: schoolId, sequence: 5, entryId: null, reason: 'checkpoint_unreached' },
    });
    await reinsert(five);
    await reinsert(six);
    expect(await verify()).toMatchObject({ ok: true });

    // Moving the checkpoint back to fit a truncated chain needs the key.
    await tamper('update audit_checkpoint set sequence = 4, hash = $2 where id = $1', [
      checkpoint.id,
      (await entryAt(4)).hash,
    ]);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBroken: { chain: schoolId, sequence: 4, entryId: null, reason: 'checkpoint_signature_invalid' },
    });
    await tamper('update audit_checkpoint set sequence = $2, hash = $3 where id = $1', [
      checkpoint.id,
      checkpoint.sequence,
      checkpoint.hash,
    ]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P24: verifies every chain at once, the platform chain included, and reports the first broken one', async () => {
    const platformEvent = syntheticEvent({ tenantId: null, data: { kid: 'k-1' } });
    await world.publish([platformEvent]);
    await waitForEntries(world, [platformEvent.id]);
    const all = await verify({});
    expect(all).toMatchObject({ ok: true });
    expect(all.chains).toBeGreaterThanOrEqual(2);
    expect(all.entries).toBeGreaterThanOrEqual(7);

    const original = await entryAt(1);
    await tamper(`update audit_entry set actor_id = $2 where id = $1`, [original.id, randomUUID()]);
    expect((await verify({})).firstBroken).toMatchObject({ chain: schoolId, sequence: 1, reason: 'hash_mismatch' });
    await tamper(`update audit_entry set actor_id = $2 where id = $1`, [original.id, original.actor_id]);
    expect(await verify({})).toMatchObject({ ok: true });
  });
});
