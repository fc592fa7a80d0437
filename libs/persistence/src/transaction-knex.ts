import { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * The knex to run bound-parameter SQL on inside a unit of work: its open transaction, so
 * the statement sees (and is undone with) the unit's writes and runs under the tenant
 * settings the transaction began with (scoped-begin.ts). `em.getKnex()` alone would take a
 * fresh pooled connection outside both; it is only the fallback for an EntityManager with
 * no transaction open.
 */
export function transactionKnex(em: EntityManager): Knex {
  return em.getTransactionContext<Knex.Transaction>() ?? em.getKnex();
}
