import { auditRuntime, Reply, syntheticEvent, waitForEntries, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { entryHash } from '../apps/audit/src/log/entry-hash';

const TEN_DAYS_AGO = new Date(Date.now() - 10 * 86_400_000);

describe('P24: audit retention removes old entries through the retention job only, and the chains still verify', () => {
  let world: World;
  let owner: Client;
  let adminToken: string;
  let adminId: string;
  /** Schools of their own, fed only by this suite's events. */
  const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  /** Entry hashes before retention, by chain and sequence. */
  const hashes = new Map<string, string>();

  const publishTo = async (schoolId: string, count: number) => {
    const events = Array.from({ length: count }, (_, i) =>
      syntheticEvent({ tenantId: schoolId, data: { userId: randomUUID(), step: i } }),
    );
    await world.publish(events);
    await waitForEntries(
      world,
      events.map((e) => e.id),
    );
  };
  const sequencesOf = async (chain: string) =>
    (await owner.query('select sequence::int from audit_entry where chain = $1 order by sequence', [chain])).rows.map(
      (r) => r.sequence,
    );
  const verify = async (body: Record<string, unknown> = {}) => {
    const response = await world.call(adminToken, 'POST', '/api/v1/platform/audit-verifications', body);
    expect(response.status).toBe(200);
    return response.body;
  };
  /** As the owner with triggers off (replica mode): how the test makes entries old. */
  const asReplica = async (sql: string, params: unknown[] = []) => {
    await owner.query('set session_replication_role = replica');
    try {
      await owner.query(sql, params);
    } finally {
      await owner.query('set session_replication_role = origin');
    }
  };
  const backdate = (chain: string, throughSequence: number) =>
    asReplica('update audit_entry set occurred_at = $3 where chain = $1 and sequence <= $2', [
      chain,
      throughSequence,
      TEN_DAYS_AGO,
    ]);

  beforeAll(async () => {
    world = await World.start({
      label: 'auditretention',
      processes: ['gateway', 'identity', 'audit'],
      envFor: {
        audit: {
          AUDIT_CHECKPOINT_KEY: 'test-only checkpoint key, 32+ characters long',
          AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
          AUDIT_RETENTION_DAYS: '1',
          AUDIT_RETENTION_INTERVAL_HOURS: '0',
        },
      },
    });
    owner = await world.stack.connectOwner('audit');
    adminToken = world.platformAdmin.token;
    adminId = (await world.call(adminToken, 'GET', '/api/v1/me')).body.userId;

    await publishTo(a, 3);
    await publishTo(b, 3);
    // An ordinary checkpoint of A at 3, which retention will remove the entries under.
    expect((await world.call(adminToken, 'POST', '/api/v1/platform/audit-checkpoints')).status).toBe(201);
    await publishTo(a, 2);
    await publishTo(c, 3);
    await publishTo(d, 2);
    for (const chain of [a, b, c, d]) {
      const { rows } = await owner.query('select sequence::int, hash from audit_entry where chain = $1', [chain]);
      for (const row of rows) hashes.set(`${chain}:${row.sequence}`, row.hash);
    }

    // A: 1-3 old of 5. B: all recent. C: 1-2 old of 3.
    await backdate(a, 3);
    await backdate(c, 2);
    // D: every entry old. Its head is re-hashed (it has no successor) so the chain is
    // sound as if it had really happened ten days ago.
    await backdate(d, 2);
    const head = (await owner.query('select * from audit_entry where chain = $1 and sequence = 2', [d])).rows[0];
    const rehashed = entryHash({
      id: head.id,
      chain: head.chain,
      sequence: Number(head.sequence),
      eventId: head.event_id,
      tenantId: head.tenant_id,
      actorId: head.actor_id,
      actorKind: head.actor_kind,
      supportGrantId: head.support_grant_id,
      action: head.action,
      subjectType: head.subject_type,
      subjectId: head.subject_id,
      requestId: head.request_id,
      ip: head.ip,
      occurredAt: head.occurred_at,
      detail: head.detail,
      prevHash: head.prev_hash,
    });
    await asReplica('update audit_entry set hash = $2 where id = $1', [head.id, rehashed]);
    hashes.set(`${d}:2`, rehashed);
  }, 90_000);

  afterAll(async () => {
    await owner?.end();
    await world?.stop();
  });

  it("P24: the retention run removes the old entries, keeps the recent ones and each chain's newest, and still verifies", async () => {
    // Backdating rewrote what A and C's old entries say: only removing them mends the chains.
    expect(await verify({ schoolId: a })).toMatchObject({ ok: false, firstBroken: { reason: 'hash_mismatch' } });
    const before = Date.now();
    const run = await world.call(adminToken, 'POST', '/api/v1/platform/audit-retention-runs');
    expect(run.status).toBe(201);
    expect(run.body).toEqual({ cutoff: expect.any(String), chains: 3, entriesRemoved: 6 });
    const cutoff = Date.parse(run.body.cutoff);
    expect(Math.abs(before - 86_400_000 - cutoff)).toBeLessThan(60_000);

    expect(await sequencesOf(a)).toEqual([4, 5]);
    expect(await sequencesOf(b)).toEqual([1, 2, 3]);
    expect(await sequencesOf(c)).toEqual([3]);
    // D's entries are all old, but the newest stays: the next entry links to it.
    expect(await sequencesOf(d)).toEqual([2]);

    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify({ schoolId: a })).toEqual({ ok: true, chains: 1, entries: 2 });
  });

  it('P24: a signed retention checkpoint marks the cut of each affected chain: the last removed entry', async () => {
    const { rows } = await owner.query(
      'select chain, sequence::int, hash from audit_checkpoint where retention_cut order by chain',
    );
    const expected = [
      { chain: a, sequence: 3, hash: hashes.get(`${a}:3`) },
      { chain: c, sequence: 2, hash: hashes.get(`${c}:2`) },
      { chain: d, sequence: 1, hash: hashes.get(`${d}:1`) },
    ].sort((x, y) => (x.chain < y.chain ? -1 : 1));
    expect(rows).toEqual(expected);
    // The first remaining entry links to the cut.
    const first = (await owner.query('select prev_hash from audit_entry where chain = $1 and sequence = 4', [a]))
      .rows[0];
    expect(first.prev_hash).toBe(hashes.get(`${a}:3`));
  });

  it('P24: the retention run is itself in the audit log, in the platform chain', async () => {
    let entry: Record<string, any> | undefined;
    await world.until(async () => {
      entry = (
        await owner.query(`select * from audit_entry where chain = 'platform' and action = 'audit.retention.ran'`)
      ).rows[0];
      return entry !== undefined;
    }, 10_000);
    expect(entry).toMatchObject({ tenant_id: null, actor_id: adminId, actor_kind: 'platform' });
    expect(entry!.detail).toEqual({ cutoff: expect.any(String), chains: 3, entriesRemoved: 6 });
  });

  it('P24: chains go on after a cut; an old entry kept as a head goes once superseded; then nothing is left to remove', async () => {
    await publishTo(a, 1);
    await publishTo(d, 1);
    expect(await sequencesOf(a)).toEqual([4, 5, 6]);
    expect(await sequencesOf(d)).toEqual([2, 3]);
    expect(await verify()).toMatchObject({ ok: true });

    const again = await world.call(adminToken, 'POST', '/api/v1/platform/audit-retention-runs');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ chains: 1, entriesRemoved: 1 });
    expect(await sequencesOf(d)).toEqual([3]);
    expect(await verify()).toMatchObject({ ok: true });

    const third = await world.call(adminToken, 'POST', '/api/v1/platform/audit-retention-runs');
    expect(third.body).toMatchObject({ chains: 0, entriesRemoved: 0 });
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('P24: outside the retention job, entries still cannot be deleted: not by the runtime role, not by a flag, not too recent', async () => {
    const runtime = await auditRuntime(world);
    try {
      await runtime.query('begin');
      await runtime.query(
        `select set_config('app.scope', 'platform', true), set_config('audit.retention', 'on', true)`,
      );
      await expect(runtime.query('delete from audit_entry where chain = $1', [b])).rejects.toMatchObject({
        code: '42501',
        message: expect.stringContaining('permission denied'),
      });
      await runtime.query('rollback');
      // The function refuses a cutoff inside the last day, whoever calls it.
      await expect(runtime.query('select audit_purge_before(now())')).rejects.toMatchObject({ code: '22023' });
    } finally {
      await runtime.end();
    }
    // The owner's plain delete still meets the append-only trigger.
    await expect(owner.query('delete from audit_entry where chain = $1', [b])).rejects.toMatchObject({
      code: '42501',
      message: expect.stringContaining('append-only'),
    });
    expect(await sequencesOf(b)).toEqual([1, 2, 3]);
  });

  it('P24: a forged retention cut (without the key) is caught by verify', async () => {
    const id = randomUUID();
    await owner.query(
      `insert into audit_checkpoint (id, chain, tenant_id, sequence, hash, created_at, signature, retention_cut)
       values ($1, $2, $5, 2, $3, now(), $4, true)`,
      [id, b, hashes.get(`${b}:2`), 'f'.repeat(64), b],
    );
    expect((await verify({ schoolId: b })).firstBroken).toMatchObject({
      chain: b,
      reason: 'checkpoint_signature_invalid',
    });
    await asReplica('delete from audit_checkpoint where id = $1', [id]);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
