import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The first half of every key taken here: keeps these locks apart from any other user's. */
const ADVISORY_LOCK_NAMESPACE = 0x70744a62; // 'ptJb'

/** What `runIfFree` did: ran the work (and its value), or found the lock held elsewhere. */
export type LockedRun<T> = { ran: true; value: T } | { ran: false };

/** The part of a `pg` client this needs (the driver under MikroORM's pool). */
interface PgConnection {
  query(config: { text: string; values: unknown[] }): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/**
 * Named Postgres advisory locks across every replica of a service (they share its
 * database): work runs only where the lock is free, and never waits for it. The lock is a
 * session lock held on one pooled connection for the length of the work; if the process
 * dies the connection closes and Postgres lets the lock go.
 */
@Injectable()
export class AdvisoryLocks {
  constructor(private readonly orm: MikroORM) {}

  async runIfFree<T>(name: string, work: () => Promise<T> | T): Promise<LockedRun<T>> {
    const client = this.orm.em.getConnection().getKnex().client as {
      acquireConnection(): Promise<PgConnection>;
      releaseConnection(connection: PgConnection): Promise<void>;
    };
    const connection = await client.acquireConnection();
    try {
      // Two int4 keys: a key space of its own, apart from the bigint keys (e.g. the migrations' lock).
      const key = [ADVISORY_LOCK_NAMESPACE, name];
      const { rows } = await connection.query({
        text: 'select pg_try_advisory_lock($1, hashtext($2)) as free',
        values: key,
      });
      if (!rows[0]?.free) return { ran: false };
      try {
        return { ran: true, value: await work() };
      } finally {
        await connection.query({ text: 'select pg_advisory_unlock($1, hashtext($2))', values: key });
      }
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
