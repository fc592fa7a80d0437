import { AsyncLocalStorage } from 'node:async_hooks';
import { MikroORM } from '@mikro-orm/postgresql';
import { escapeLiteral } from 'pg';
import { DataScope } from './data-scope';

/**
 * The statement that opens a unit of work's transaction with both row-level security
 * settings already made, sent as one simple-protocol message: one round trip to Postgres
 * instead of two (`BEGIN`, then a `set_config` select), on a path every message takes.
 * `set_config(..., true)` is transaction-local, so the settings end with the transaction
 * and a pooled connection never carries them into another school's work.
 */
export function scopedBeginSql(scope: DataScope): string {
  const tenantId = scope.kind === 'tenant' ? scope.tenantId : '';
  return (
    `BEGIN; select set_config('app.tenant_id', ${escapeLiteral(tenantId)}, true), ` +
    `set_config('app.scope', ${escapeLiteral(scope.kind)}, true);`
  );
}

/** The scope the next top-level transaction opened in this async context is for; taken once. */
interface PendingScope {
  scope?: DataScope;
}

const pending = new AsyncLocalStorage<PendingScope>();

/** Runs `open` so that the first top-level transaction it begins begins with `scope`'s settings. */
export function withScopedBegin<T>(scope: DataScope, open: () => Promise<T>): Promise<T> {
  return pending.run({ scope }, open);
}

/** Whether the last transaction begun in this context took its scope (the unit of work checks it did). */
export function scopedBeginTaken(): boolean {
  return pending.getStore()?.scope === undefined;
}

interface KnexTransaction {
  begin(connection: unknown): Promise<unknown>;
  query(connection: unknown, sql: string): Promise<unknown>;
}

interface KnexClient {
  transaction(container: unknown, config: unknown, outerTx?: unknown): KnexTransaction;
}

const installed = new WeakSet<object>();

/**
 * Makes the ORM's top-level transactions begin with the pending scope's settings. knex
 * builds each transaction through its client's `transaction()` and calls `begin` only
 * after it has a connection, so replacing `begin` on the new transaction is enough; a
 * nested transaction (a savepoint) and any transaction begun outside `withScopedBegin`
 * (migrations, provisioning) begin as before. The scope is taken by the first top-level
 * transaction only, so a second one begun inside the same unit of work gets no settings
 * (and so no rows) rather than a copy of them.
 */
export function installScopedBegin(orm: MikroORM): void {
  const client = orm.em.getConnection().getKnex().client as unknown as KnexClient;
  if (installed.has(client)) return;
  installed.add(client);
  const transaction = client.transaction;
  client.transaction = function (this: KnexClient, container, config, outerTx) {
    const trx = transaction.call(this, container, config, outerTx);
    const ticket = outerTx ? undefined : pending.getStore();
    const scope = ticket?.scope;
    if (ticket && scope) {
      ticket.scope = undefined;
      trx.begin = (connection) => trx.query(connection, scopedBeginSql(scope));
    }
    return trx;
  };
}
