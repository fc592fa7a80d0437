import { EntityManager } from '@mikro-orm/postgresql';
import { IdempotencyBegin, IdempotencyBeginRequest, IdempotencyHeldRef, IdempotentAnswer } from '@pt/contracts';

/** Rows are swept now and then instead of by a job: an expired row means nothing. */
const SWEEP_ONE_IN = 256;

/**
 * The only code that touches `idempotency_record`. Each step is one atomic statement on
 * Postgres' clock, so two gateway replicas given the same key at once cannot both proceed.
 */
export class IdempotencyRecordRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Takes the key for this request, or says why not. A record whose 24 hours have passed,
   * or whose request is still in flight after its lease ended (its gateway stopped before
   * answering), is taken over: the service the request goes to replays what it recorded
   * with the write, so running it again never applies it twice.
   */
  async begin(ref: IdempotencyBeginRequest, keepHours: number): Promise<IdempotencyBegin> {
    if (Math.random() * SWEEP_ONE_IN < 1)
      await this.em.execute(`delete from idempotency_record where expires_at < now()`);
    const taken = await this.em.execute<unknown[]>(
      `insert into idempotency_record as r (caller, key_hash, fingerprint, started_at, expires_at, owner, lease_until)
       values (?, ?, ?, now(), now() + ? * interval '1 hour', ?, now() + ? * interval '1 second')
       on conflict (caller, key_hash) do update
         set fingerprint = excluded.fingerprint, started_at = now(), expires_at = excluded.expires_at,
             completed_at = null, status = null, headers = null, body = null,
             owner = excluded.owner, lease_until = excluded.lease_until
       where r.expires_at < now()
          or (r.completed_at is null and r.fingerprint = excluded.fingerprint
              and coalesce(r.lease_until, r.started_at + interval '120 seconds') < now())
       returning 1`,
      [ref.caller, ref.keyHash, ref.fingerprint, keepHours, ref.owner, ref.leaseSeconds],
    );
    if (taken.length) return { outcome: 'proceed' };
    const [row] = await this.em.execute<
      Array<{
        fingerprint: string;
        completed_at: Date | null;
        lapsed: boolean;
        status: number | null;
        headers: unknown;
        body: string | null;
      }>
    >(
      `select fingerprint, completed_at, coalesce(lease_until, started_at + interval '120 seconds') < now() as lapsed,
              status, headers, body
         from idempotency_record where caller = ? and key_hash = ?`,
      [ref.caller, ref.keyHash],
    );
    // Deleted by a release between the two statements: the caller may simply try again.
    if (!row) return { outcome: 'in_flight' };
    // In flight under a live lease (the draft's 409, Stripe's idempotency_key_in_use), whatever
    // the body: the first request's outcome is not known yet, so nothing can be said of this one.
    if (!row.completed_at || row.status === null) return row.lapsed ? { outcome: 'reused' } : { outcome: 'in_flight' };
    if (row.fingerprint !== ref.fingerprint) return { outcome: 'reused' };
    const headers = (typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers) as Record<string, string>;
    return { outcome: 'replay', answer: { status: row.status, headers: headers ?? {}, body: row.body ?? '' } };
  }

  /** Keeps the answer of the request that holds the key (not of one that took it over since). */
  async complete(ref: IdempotencyHeldRef, answer: IdempotentAnswer): Promise<boolean> {
    const kept = await this.em.execute<unknown[]>(
      `update idempotency_record set completed_at = now(), status = ?, headers = ?::jsonb, body = ?
        where caller = ? and key_hash = ? and fingerprint = ? and completed_at is null and owner is not distinct from ?
        returning 1`,
      [answer.status, JSON.stringify(answer.headers), answer.body, ref.caller, ref.keyHash, ref.fingerprint, ref.owner],
    );
    return kept.length > 0;
  }

  async release(ref: IdempotencyHeldRef): Promise<boolean> {
    const released = await this.em.execute<unknown[]>(
      `delete from idempotency_record
        where caller = ? and key_hash = ? and fingerprint = ? and completed_at is null and owner is not distinct from ?
        returning 1`,
      [ref.caller, ref.keyHash, ref.fingerprint, ref.owner],
    );
    return released.length > 0;
  }
}
