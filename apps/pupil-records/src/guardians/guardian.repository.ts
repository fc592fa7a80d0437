import { EntityManager } from '@mikro-orm/postgresql';
import { Guardian } from './guardian.entity';

/** The only place that queries guardians; the tenant filter and RLS scope every read. */
export class GuardianRepository {
  constructor(private readonly em: EntityManager) {}

  /** In contact order: priority, then the order they were recorded. */
  listOf(pupilId: string): Promise<Guardian[]> {
    return this.em.find(Guardian, { pupilId }, { orderBy: { priority: 'asc', createdAt: 'asc', id: 'asc' } });
  }

  findById(guardianId: string): Promise<Guardian | null> {
    return this.em.findOne(Guardian, { id: guardianId });
  }

  findOf(pupilId: string, guardianId: string): Promise<Guardian | null> {
    return this.em.findOne(Guardian, { id: guardianId, pupilId });
  }

  /** After the last one (1 for the first). */
  async nextPriority(pupilId: string): Promise<number> {
    const last = await this.em.findOne(
      Guardian,
      { pupilId },
      { orderBy: { priority: 'desc' }, fields: ['priority'], disableIdentityMap: true },
    );
    return (last?.priority ?? 0) + 1;
  }

  add(guardian: Guardian): void {
    this.em.persist(guardian);
  }

  remove(guardian: Guardian): void {
    this.em.remove(guardian);
  }
}
