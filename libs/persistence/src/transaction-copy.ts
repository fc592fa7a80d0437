import { EntityManager, Knex } from '@mikro-orm/postgresql';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';

/** The part of a `pg` client COPY needs (the driver under MikroORM's pool). */
interface PgConnection {
  query(stream: Writable): Writable;
}

/**
 * Runs `COPY … FROM STDIN` with `data` (in COPY's text format) on the unit of work's open
 * transaction, so the rows are undone with it and seen by its next statements. The one way in
 * for bulk rows: COPY parses text, not a JSON or array parameter per value. PostgreSQL refuses
 * COPY FROM into a table under row-level security, so the target is a temporary staging table
 * (private to the session, dropped at commit), from which one INSERT … SELECT moves the rows
 * into the tenant's table under its policies.
 */
export async function copyIntoTransaction(em: EntityManager, statement: string, data: string): Promise<void> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('COPY needs the unit of work’s open transaction');
  // A transaction's knex client hands out the transaction's own connection (and never releases it).
  const connection = await (trx.client as { acquireConnection(): Promise<PgConnection> }).acquireConnection();
  await new Promise<void>((resolve, reject) => {
    const stream = connection.query(copyFrom(statement));
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(data);
  });
}
