import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { EventEnvelope } from '@pt/contracts';
import { DirectSql, PreparedStatement } from '@pt/persistence';
import { LockoutState } from '../credentials/credential-lockout.repository';
import { rateKeyHash, RateRule, waitSecondsOf } from '../credentials/rate-limit.repository';
import { ConcurrentSessionPolicy } from '../schools/school.entity';
import { UserKind, UserStatus } from '../users/user.entity';

/** What sign-in needs of an account: no names, no email. */
export interface SignInAccount {
  id: string;
  tenantId: string | null;
  kind: UserKind;
  username: string;
  status: UserStatus;
  passwordHash: string | null;
  roles: string[];
  classGroupIds: string[] | null;
}

export interface SignInLookup {
  account: SignInAccount | null;
  /** P3: seconds the address must wait, or null. */
  ipWaitSeconds: number | null;
  /** P3: the account's failures and lock. */
  lockout: LockoutState;
  /** P5: the school's concurrent-session policy (null: no school, or none found). */
  concurrentSessions: ConcurrentSessionPolicy | null;
}

export interface NewSession {
  id: string;
  userId: string;
  tenantId: string | null;
  refreshHash: string;
  csrfHash: string | null;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
}

interface LookupRow {
  id: string | null;
  tenant_id: string | null;
  kind: UserKind;
  username: string;
  status: UserStatus;
  password_hash: string | null;
  roles: string[];
  class_group_ids: string[] | null;
  ip_lead_seconds: number | null;
  lockout: boolean | null;
  concurrent_sessions: ConcurrentSessionPolicy | null;
}

const LOOKUP: PreparedStatement = {
  name: 'identity_sign_in_lookup',
  text: 'select * from sign_in_lookup($1, $2)',
};

const START_SESSION: PreparedStatement = {
  name: 'identity_sign_in_start_session',
  text: 'select sign_in_start_session($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) as started',
};

/**
 * Sign-in's reads and writes, one round trip each: the database functions of migration
 * Migration20261125033359, which set platform scope themselves. The rules (rate cell,
 * lockout, session policy) stay where they are; this only reads and records their state.
 */
@Injectable()
export class SignInRepository {
  constructor(private readonly sql: DirectSql) {}

  /** The account for a login (trimmed, any case) and the state P3 and P5 need. */
  async lookup(login: string, ip: { key: string; rule: RateRule }): Promise<SignInLookup> {
    const [row] = await this.sql.query<LookupRow>(LOOKUP, [login.trim().toLowerCase(), rateKeyHash(ip.key)]);
    return {
      account: row.id
        ? {
            id: row.id,
            tenantId: row.tenant_id,
            kind: row.kind,
            username: row.username,
            status: row.status,
            passwordHash: row.password_hash,
            roles: row.roles,
            classGroupIds: row.class_group_ids,
          }
        : null,
      ipWaitSeconds: waitSecondsOf(row.ip_lead_seconds, ip.rule),
      lockout: { hasFailures: row.lockout !== null, locked: row.lockout === true },
      concurrentSessions: row.concurrent_sessions,
    };
  }

  /**
   * Records the session, the sign-in and its event in one transaction. `exclusive`: only
   * if the user has no live session (returns false, having written nothing, otherwise).
   * Pass `em` to run inside that unit of work's transaction instead.
   */
  async startSession(
    session: NewSession,
    options: { exclusive: boolean; clearLockout: boolean; event: EventEnvelope<object> },
    em?: EntityManager,
  ): Promise<boolean> {
    const values = [
      session.userId,
      session.tenantId,
      options.exclusive,
      session.id,
      session.refreshHash,
      session.csrfHash,
      session.expiresAt,
      session.userAgent,
      session.ip,
      options.clearLockout,
      options.event.id,
      options.event.subject,
      JSON.stringify(options.event),
    ];
    if (em) {
      // Inside the unit of work's transaction, through the ORM (which binds `?`).
      const rows = await em.execute<Array<{ started: boolean }>>(START_SESSION.text.replace(/\$\d+/g, '?'), values);
      return rows[0].started;
    }
    const [row] = await this.sql.query<{ started: boolean }>(START_SESSION, values);
    if (row.started) this.sql.committed();
    return row.started;
  }
}
