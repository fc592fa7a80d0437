import { EntityManager } from '@mikro-orm/postgresql';
import { School, SchoolPasswordPolicy } from '../schools/school.entity';

/**
 * The school setting that password changes read (P2): a small typed read of the school
 * row, selecting only what is needed. (Sign-in reads the session policy, P5, with the
 * account: SignInRepository.)
 */
export class SchoolSettingsRepository {
  constructor(private readonly em: EntityManager) {}

  async passwordPolicy(tenantId: string): Promise<SchoolPasswordPolicy | null> {
    const school = await this.em.findOne(School, { id: tenantId }, { fields: ['passwordPolicy'] });
    return school?.passwordPolicy ?? null;
  }
}
