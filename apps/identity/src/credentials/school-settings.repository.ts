import { EntityManager } from '@mikro-orm/postgresql';
import { School, SchoolPasswordPolicy } from '../schools/school.entity';

/**
 * The school settings that setting a password reads (P2): a small typed read of the
 * school row, selecting only what is needed: its policy, and its name, which a password
 * must not be built from. (Sign-in reads the session policy, P5, with the account:
 * SignInRepository.)
 */
export class SchoolSettingsRepository {
  constructor(private readonly em: EntityManager) {}

  async passwordSettings(
    tenantId: string,
  ): Promise<{ passwordPolicy: SchoolPasswordPolicy | null; name: string } | null> {
    const school = await this.em.findOne(School, { id: tenantId }, { fields: ['passwordPolicy', 'name'] });
    return school ? { passwordPolicy: school.passwordPolicy ?? null, name: school.name } : null;
  }
}
