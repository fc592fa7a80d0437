import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { IdentityConfig } from '../identity.config';
import { CredentialLockoutRepository, LockoutRule, LockoutState } from './credential-lockout.repository';
import { RateLimitRepository, RateRule } from './rate-limit.repository';

/**
 * P3: brute force is stalled two ways, both kept in the database so that every replica
 * sees the same counts.
 * - Per IP address: failed attempts (not successes: a school behind one NAT address signs
 *   in together at 8:45) are rate limited; over the limit the answer is 429 with
 *   Retry-After, before any password is looked at.
 * - Per account: repeated failures lock the account with a growing back-off. A lock is
 *   not announced: the caller answers exactly as for a wrong password.
 */
@Injectable()
export class SignInThrottle {
  constructor(private readonly config: IdentityConfig) {}

  get ipRule(): RateRule {
    return { limit: this.config.SIGN_IN_IP_LIMIT, windowSeconds: this.config.SIGN_IN_IP_WINDOW_SECONDS };
  }

  private get lockoutRule(): LockoutRule {
    return {
      threshold: this.config.SIGN_IN_LOCKOUT_THRESHOLD,
      baseSeconds: this.config.SIGN_IN_LOCKOUT_BASE_SECONDS,
      maxSeconds: this.config.SIGN_IN_LOCKOUT_MAX_SECONDS,
    };
  }

  accountState(em: EntityManager, userId: string): Promise<LockoutState> {
    return new CredentialLockoutRepository(em).state(userId);
  }

  /**
   * A failed sign-in counts against the address, and against the account when there is
   * one; not while it is locked, as nothing was checked then (so an attacker cannot keep
   * pushing a victim's lock further out).
   */
  async recordFailure(
    em: EntityManager,
    ip: string | null,
    account: { userId: string; locked: boolean } | null,
  ): Promise<void> {
    await new RateLimitRepository(em).record(ipKey(ip), this.ipRule);
    if (account && !account.locked) await this.recordAccountFailure(em, account.userId);
  }

  /** A wrong password given by a signed-in user (changing their password) counts against the account. */
  async recordAccountFailure(em: EntityManager, userId: string): Promise<void> {
    await new CredentialLockoutRepository(em).recordFailure(userId, this.lockoutRule);
  }

  /** A success forgets the account's failures. */
  async recordSuccess(em: EntityManager, userId: string, state: LockoutState): Promise<void> {
    if (state.hasFailures) await new CredentialLockoutRepository(em).clear(userId);
  }
}

export function ipKey(ip: string | null): string {
  return `sign-in:ip:${ip ?? 'unknown'}`;
}
