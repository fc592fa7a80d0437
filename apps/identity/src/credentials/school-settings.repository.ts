import { EntityManager } from '@mikro-orm/postgresql';
import { ConcurrentSessionPolicy, School, SchoolPasswordPolicy } from '../schools/school.entity';

/**
 * The two school settings that sign-in and password changes read (P2, P5): small typed
 * reads of the school row, selecting only what is needed.
 */
export class SchoolSettingsRepository {
  constructor(private readonly em: EntityManager) {}

  async passwordPolicy(tenantId: string): Promise<SchoolPasswordPolicy | null> {
    const school = await this.em.findOne(School, { id: tenantId }, { fields: ['passwordPolicy'] });
    return school?.passwordPolicy ?? null;
  }

  async concurrentSessions(tenantId: string): Promise<ConcurrentSessionPolicy | null> {
    const school = await this.em.findOne(School, { id: tenantId }, { fields: ['concurrentSessions'] });
    return school?.concurrentSessions ?? null;
  }
}
