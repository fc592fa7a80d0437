import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { BusErrorBody, GATEWAY_ERRORS, IdempotentDeliveryRef } from '@pt/contracts';

/**
 * The service's half of Idempotency-Key (the gateway's half is identity's
 * `idempotency_record`). A gateway that dies after the service committed a write leaves its
 * key in flight; once its lease lapses another gateway runs the request again. So the write
 * itself is made idempotent where it happens: the reply is recorded in `idempotent_reply`
 * in the SAME transaction as the write (by the unit of work, for every handler), and a
 * delivery that finds its key recorded answers the recorded reply without running anything.
 */
export const IDEMPOTENT_REPLY_TABLE = 'idempotent_reply';

/** As long as the gateway keeps an answer (IDEMPOTENCY_KEY_HOURS): a retry after that is a new request anyway. */
export const IDEMPOTENT_REPLY_HOURS = 24;

/** The reply a handler gave, as it crossed the bus: data, or the error body. */
export type RecordedReply = { ok: true; data: unknown } | { ok: false; error: BusErrorBody };

/** One bus delivery carrying an Idempotency-Key: what the units of work inside it need. */
export interface IdempotentDelivery {
  /** Row id: the key, the school and the pattern hashed together (a route may send two patterns). */
  id: string;
  tenantId: string | null;
  pattern: string;
  fingerprint: string;
  /** Set by the unit of work that recorded the reply; later units record nothing more. */
  recorded?: { reply: string; amend: (reply: RecordedReply) => Promise<void> };
}

const deliveries = new AsyncLocalStorage<IdempotentDelivery>();

/** The key was recorded by another delivery while this one ran: the unit rolls back and replays that. */
export class DuplicateIdempotentReply extends Error {
  constructor() {
    super('the Idempotency-Key was recorded by another delivery');
    this.name = 'DuplicateIdempotentReply';
  }
}

/** Thrown out of a unit of work (and through the handler) when the key's reply is recorded: the bus answers it as it is. */
export class IdempotentReplay extends Error {
  constructor(readonly reply: RecordedReply) {
    super('recorded reply of an Idempotency-Key');
    this.name = 'IdempotentReplay';
  }
}

/** The same key with another request (another body or path): 422, as at the gateway. */
export class IdempotencyKeyReusedError extends Error implements BusErrorBody {
  readonly kind = 'unprocessable' as const;
  readonly code = GATEWAY_ERRORS.IDEMPOTENCY_KEY_REUSED;
  constructor() {
    super('This Idempotency-Key was used with another request; use a new key for a new request');
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The write was applied but its reply was not kept (a rare crash between commit and amend): never run again. */
export class IdempotentReplyLostError extends Error implements BusErrorBody {
  readonly kind = 'conflict' as const;
  readonly code = GATEWAY_ERRORS.IDEMPOTENCY_KEY_IN_FLIGHT;
  constructor() {
    super('The request with this Idempotency-Key was carried out, but its answer was not kept; read the resource');
    this.name = 'IdempotentReplyLostError';
  }
}

export function isIdempotentReplay(error: unknown): error is IdempotentReplay {
  return error instanceof IdempotentReplay;
}

/** A well-formed ref from a message's ctx, or undefined (a malformed one is ignored: the gateway alone sends it). */
export function idempotentDeliveryOf(
  ref: IdempotentDeliveryRef | undefined,
  tenantId: string | null,
  pattern: string,
): IdempotentDelivery | undefined {
  if (!ref || typeof ref.key !== 'string' || typeof ref.fingerprint !== 'string') return undefined;
  if (!ref.key || ref.key.length > 200 || !ref.fingerprint || ref.fingerprint.length > 200) return undefined;
  const id = createHash('sha256')
    .update(`${ref.key}\n${tenantId ?? '-'}\n${pattern}`)
    .digest('base64url');
  return { id, tenantId, pattern, fingerprint: ref.fingerprint };
}

/** Runs a handler as one idempotent delivery: its units of work record and replay by key. */
export function runIdempotentDelivery<T>(
  delivery: IdempotentDelivery | undefined,
  handle: () => Promise<T>,
): Promise<T> {
  return delivery ? deliveries.run(delivery, handle) : handle();
}

export function currentIdempotentDelivery(): IdempotentDelivery | undefined {
  const delivery = deliveries.getStore();
  return delivery && !delivery.recorded ? delivery : undefined;
}

/** The delivery whose reply a unit recorded, so the bus can amend it with the handler's final reply. */
export function recordedIdempotentDelivery(): IdempotentDelivery['recorded'] {
  return deliveries.getStore()?.recorded;
}

/**
 * Inside the unit's transaction, before its work: throws the recorded reply when the key
 * was answered already (or 422 when it was answered for another request).
 */
export async function replayIfRecorded(em: EntityManager, delivery: IdempotentDelivery): Promise<void> {
  const [row] = await em.execute<Array<{ fingerprint: string; reply: unknown }>>(
    `select fingerprint, reply from ${IDEMPOTENT_REPLY_TABLE}
      where id = ? and created_at >= now() - ? * interval '1 hour'`,
    [delivery.id, IDEMPOTENT_REPLY_HOURS],
  );
  if (!row) return;
  if (row.fingerprint !== delivery.fingerprint) throw new IdempotencyKeyReusedError();
  const reply = (typeof row.reply === 'string' ? JSON.parse(row.reply) : row.reply) as RecordedReply | null;
  // Applied, but its gateway and this service's replica both stopped before the reply was kept.
  if (!reply) throw new IdempotentReplyLostError();
  throw new IdempotentReplay(reply);
}

/**
 * Whether the unit's transaction changed anything: Postgres assigns a transaction id at the
 * first write (or row lock) only, whatever made it (the ORM's flush or raw SQL).
 */
export async function transactionWrote(em: EntityManager): Promise<boolean> {
  const [row] = await em.execute<Array<{ wrote: boolean }>>(
    `select pg_current_xact_id_if_assigned() is not null as wrote`,
  );
  return row.wrote;
}

/** Records the unit's result as the delivery's reply, in the unit's transaction. */
export async function recordReply(
  em: EntityManager,
  delivery: IdempotentDelivery,
  tenantId: string | null,
  result: unknown,
): Promise<string> {
  let reply: string;
  try {
    reply = JSON.stringify({ ok: true, data: result === undefined ? null : result });
  } catch {
    // A result that is not JSON (an entity with cycles): the handler's reply amends it after the commit.
    reply = 'null';
  }
  // A row past its 24 hours (not swept yet) is a forgotten key: the write runs as new.
  const taken = await em.execute<unknown[]>(
    `insert into ${IDEMPOTENT_REPLY_TABLE} as r (id, tenant_id, pattern, fingerprint, reply) values (?, ?, ?, ?, ?::jsonb)
     on conflict (id) do update
       set tenant_id = excluded.tenant_id, pattern = excluded.pattern, fingerprint = excluded.fingerprint,
           reply = excluded.reply, created_at = now()
     where r.created_at < now() - ? * interval '1 hour'
     returning 1`,
    [delivery.id, tenantId, delivery.pattern, delivery.fingerprint, reply, IDEMPOTENT_REPLY_HOURS],
  );
  // Another delivery of the key committed first (its insert waited for it): its reply is the answer.
  if (!taken.length) throw new DuplicateIdempotentReply();
  return reply;
}

/** Deletes replies older than the retention (a periodic job); answers how many went. */
export async function expireIdempotentReplies(em: EntityManager, hours = IDEMPOTENT_REPLY_HOURS): Promise<number> {
  const rows = await em.execute<Array<{ n: string }>>(
    `with gone as (delete from ${IDEMPOTENT_REPLY_TABLE} where created_at < now() - ? * interval '1 hour' returning 1)
     select count(*) as n from gone`,
    [hours],
  );
  return Number(rows[0].n);
}

/**
 * Erasure (P17): a recorded reply may hold a person's data (a pupil's view), so the replies of
 * the school that mention the erased person's id go with them.
 */
export async function eraseIdempotentRepliesOf(
  em: EntityManager,
  tenantId: string,
  subjectId: string,
): Promise<number> {
  const rows = await em.execute<Array<{ n: string }>>(
    `with gone as (delete from ${IDEMPOTENT_REPLY_TABLE} where tenant_id = ? and strpos(reply::text, ?) > 0 returning 1)
     select count(*) as n from gone`,
    [tenantId, subjectId.toLowerCase()],
  );
  return Number(rows[0].n);
}
