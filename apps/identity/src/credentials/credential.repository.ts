import { EntityManager } from '@mikro-orm/postgresql';
import { UserAccount } from '../users/user.entity';

/** Writes an account's password hash (the hash lives on the account row). */
export class CredentialRepository {
  constructor(private readonly em: EntityManager) {}

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.em.nativeUpdate(UserAccount, { id: userId }, { passwordHash });
  }
}
