import { Injectable } from '@nestjs/common';
import { MessageContext } from '@pt/contracts';
import { DirectSql, PreparedStatement, scopeOf } from '@pt/persistence';
import { UserKind } from '../users/user.entity';

/** What /me shows of the signed-in user, and the documents they still have to accept. */
export interface MeRecord {
  id: string;
  tenantId: string | null;
  kind: UserKind;
  username: string;
  roles: string[];
  pendingPolicyDocuments: string[];
}

interface MeRow {
  id: string;
  tenant_id: string | null;
  kind: UserKind;
  username: string;
  roles: string[];
  pending_kinds: string[];
}

/** The database function sets the message's scope for row-level security, then reads (migration 20261206232000). */
const READ: PreparedStatement = {
  name: 'identity_me_read',
  text: 'select * from me_read($1, $2, $3, $4)',
};

/**
 * /me's read as one prepared statement in a transaction of its own instead of a unit of
 * work: /me is the request every page makes, and a unit of work's ORM and knex
 * transaction cost more CPU than its three primary-key-sized selects
 * (scripts/bench/roundtrip.ts).
 */
@Injectable()
export class MeRepository {
  constructor(private readonly sql: DirectSql) {}

  /** Null when the user does not exist in the message's scope. */
  async read(ctx: MessageContext): Promise<MeRecord | null> {
    const scope = scopeOf(ctx);
    const tenantId = scope.kind === 'tenant' ? scope.tenantId : '';
    // The documents bind school staff (P7); platform staff have none to accept.
    const withPending = ctx.actor.kind === 'staff';
    const [row] = await this.sql.query<MeRow>(READ, [tenantId, scope.kind, ctx.actor.id, withPending]);
    if (!row) return null;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      kind: row.kind,
      username: row.username,
      roles: row.roles,
      pendingPolicyDocuments: row.pending_kinds,
    };
  }
}
