import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TransactionEvents } from './transaction-events';

/** A statement run often enough to be prepared once per connection. */
export interface PreparedStatement {
  /** Unique within the service: the name it is prepared under on each connection. */
  name: string;
  text: string;
}

/** The part of a `pg` client this needs (the driver under MikroORM's pool). */
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * One prepared statement on a pooled connection, in a transaction of its own, for the
 * few hot paths where a unit of work's round trips (BEGIN, scope, each statement,
 * COMMIT) and the ORM's own CPU outweigh the work itself: sign-in, where all of it
 * competes with argon2id for the same cores (scripts/bench/sign-in.ts).
 *
 * Nothing sets a data scope here, so row-level security hides every row: such a
 * statement calls a database function that sets `app.tenant_id` / `app.scope` for its
 * own transaction first, as UnitOfWork does (a migration defines the function).
 */
@Injectable()
export class DirectSql {
  constructor(
    private readonly orm: MikroORM,
    private readonly transactionEvents: TransactionEvents,
  ) {}

  async query<T>(statement: PreparedStatement, values: unknown[]): Promise<T[]> {
    // The ORM's own pool (knex over `pg`): the same connections, limits and settings.
    const client = this.orm.em.getConnection().getKnex().client as {
      acquireConnection(): Promise<PgConnection>;
      releaseConnection(connection: PgConnection): Promise<void>;
    };
    const connection = await client.acquireConnection();
    try {
      const result = await connection.query({ name: statement.name, text: statement.text, values });
      return result.rows as T[];
    } finally {
      await client.releaseConnection(connection);
    }
  }

  /** For statements that staged outbox events: the relay goes now, as after a unit of work. */
  committed(): void {
    this.transactionEvents.committed();
  }
}
