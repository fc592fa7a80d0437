import { EntityManager } from '@mikro-orm/postgresql';
import { LockoutState } from '../credentials/credential-lockout.repository';
import {
  RATE_WAIT_SQL,
  rateKeyHash,
  rateWaitParams,
  RateRule,
  waitSecondsOf,
} from '../credentials/rate-limit.repository';
import { ConcurrentSessionPolicy } from '../schools/school.entity';

export interface SignInState {
  /** P3: seconds the address must wait, or null. */
  ipWaitSeconds: number | null;
  /** P3: the account's failures and lock. */
  lockout: LockoutState;
  /** P5: the school's concurrent-session policy (null: no school, or none found). */
  concurrentSessions: ConcurrentSessionPolicy | null;
}

/**
 * What a sign-in must know besides the account, read in one round trip: on this path
 * every statement counts against argon2id's share of the CPU (see scripts/bench/sign-in.ts).
 * The same rules as RateLimitRepository, CredentialLockoutRepository and the school row.
 */
export class SignInStateRepository {
  constructor(private readonly em: EntityManager) {}

  async read(
    ip: { key: string; rule: RateRule },
    account: { id: string; tenantId: string | null } | null,
  ): Promise<SignInState> {
    const [row] = await this.em.execute<
      Array<{
        ip_wait: string | number | null;
        lockout: boolean | null;
        concurrent_sessions: ConcurrentSessionPolicy | null;
      }>
    >(
      `select (select ${RATE_WAIT_SQL} from rate_limit where key_hash = ?) as ip_wait,
              (select coalesce(locked_until > now(), false) from credential_lockout where user_id = ?) as lockout,
              (select concurrent_sessions from school where id = ?) as concurrent_sessions`,
      [...rateWaitParams(ip.rule), rateKeyHash(ip.key), account?.id ?? null, account?.tenantId ?? null],
    );
    return {
      ipWaitSeconds: waitSecondsOf(row?.ip_wait),
      lockout: { hasFailures: row?.lockout !== null && row?.lockout !== undefined, locked: row?.lockout === true },
      concurrentSessions: row?.concurrent_sessions ?? null,
    };
  }
}
