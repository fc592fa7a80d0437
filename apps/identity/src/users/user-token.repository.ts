import { EntityManager } from '@mikro-orm/postgresql';
import { uuid7 } from '@pt/platform';
import { createHash, randomBytes } from 'node:crypto';
import { UserAccount } from './user.entity';
import { UserToken, UserTokenPurpose } from './user-token.entity';

/** The SHA-256 of a link's secret, as stored: enough for 256-bit random secrets (no salt needed). */
export function hashLinkSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A secret as it travels in a link: 32 random bytes, base64url (43 characters). */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export class UserTokenRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Issues a new one-time secret for `user` and deletes every older one of the user (any
   * purpose): only the newest link works. Returns the secret, which is never stored.
   */
  async issue(
    user: UserAccount,
    purpose: UserTokenPurpose,
    ttlMs: number,
  ): Promise<{ secret: string; expiresAt: Date }> {
    await this.deleteAllOf(user.id);
    const secret = randomBytes(32).toString('base64url');
    const token = new UserToken();
    token.id = uuid7();
    token.tenantId = user.tenantId;
    token.userId = user.id;
    token.purpose = purpose;
    token.tokenHash = hashLinkSecret(secret);
    token.expiresAt = new Date(Date.now() + ttlMs);
    this.em.persist(token);
    return { secret, expiresAt: token.expiresAt };
  }

  /**
   * Finds a live token and locks it, so that two redemptions of one link cannot both
   * succeed: the second waits, then finds it deleted. Null for anything not live.
   */
  async findLiveForUpdate(secret: string, purpose: UserTokenPurpose): Promise<UserToken | null> {
    if (!SECRET_SHAPE.test(secret)) return null;
    return this.em.findOne(
      UserToken,
      { tokenHash: hashLinkSecret(secret), purpose, expiresAt: { $gt: new Date() } },
      { lockMode: 4 /* PESSIMISTIC_WRITE */ },
    );
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.em.nativeDelete(UserToken, { userId });
  }
}
