import { EntityManager } from '@mikro-orm/postgresql';
import { UserAccount } from './user.entity';

/** The only place that queries user accounts. */
export class UserRepository {
  constructor(private readonly em: EntityManager) {}

  /** By username or email, case-insensitively (both are unique that way). */
  findByLogin(login: string): Promise<UserAccount | null> {
    const value = login.trim().toLowerCase();
    return this.em
      .createQueryBuilder(UserAccount, 'u')
      .where('lower(u.username) = ? or lower(u.email) = ?', [value, value])
      .getSingleResult();
  }

  findById(id: string): Promise<UserAccount | null> {
    return this.em.findOne(UserAccount, { id });
  }

  async platformAdminExists(): Promise<boolean> {
    return (await this.em.count(UserAccount, { kind: 'platform', roles: { $contains: ['platform-admin'] } })) > 0;
  }

  add(user: UserAccount): void {
    this.em.persist(user);
  }
}
