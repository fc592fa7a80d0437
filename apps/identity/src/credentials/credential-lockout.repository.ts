import { EntityManager } from '@mikro-orm/postgresql';
import { CredentialLockout } from './credential-lockout.entity';

export interface LockoutRule {
  /** Failures that lock the account. */
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
}

export interface LockoutState {
  /** A row with failures exists (a success must clear it). */
  hasFailures: boolean;
  locked: boolean;
}

/** Failures older than this since the last one are forgotten: a typo last month should not count today. */
const FORGET_AFTER = `interval '24 hours'`;

/** The only place that reads and writes credential_lockout. Times come from the database's clock, the one all replicas share. */
export class CredentialLockoutRepository {
  constructor(private readonly em: EntityManager) {}

  async state(userId: string): Promise<LockoutState> {
    const rows = await this.em.execute<Array<{ locked: boolean }>>(
      `select coalesce(locked_until > now(), false) as locked from credential_lockout where user_id = ?`,
      [userId],
    );
    return { hasFailures: rows.length > 0, locked: rows[0]?.locked ?? false };
  }

  /**
   * Counts one failure, atomically (concurrent failures all count). From the threshold on,
   * each failure locks the account: base seconds, doubling with every further failure, up
   * to the maximum. Returns the new lock's end, if any.
   */
  async recordFailure(userId: string, rule: LockoutRule): Promise<Date | null> {
    const lockFor = (failures: string) =>
      `case when ${failures} >= ? then now() + least(?, ? * power(2, least(${failures} - ?, 30))) * interval '1 second' end`;
    const lockParams = [rule.threshold, rule.maxSeconds, rule.baseSeconds, rule.threshold];
    const rows = await this.em.execute<Array<{ locked_until: Date | null }>>(
      `insert into credential_lockout as l (user_id, failures, locked_until, last_failure_at)
       values (?, 1, ${lockFor('1')}, now())
       on conflict (user_id) do update set (failures, locked_until, last_failure_at) = (
         select n.f, ${lockFor('n.f')}, now()
           from (select case when l.last_failure_at < now() - ${FORGET_AFTER} then 1 else l.failures + 1 end as f) n
       )
       returning locked_until`,
      [userId, ...lockParams, ...lockParams],
    );
    return rows[0]?.locked_until ?? null;
  }

  async clear(userId: string): Promise<void> {
    await this.em.nativeDelete(CredentialLockout, { userId });
  }
}
