import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ClassGroup } from './class-group.entity';

/** The only place that queries `class_group`; the tenant filter and RLS scope every read. */
export class ClassGroupRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<ClassGroup | null> {
    return this.em.findOne(ClassGroup, { id });
  }

  /**
   * Locked for the rest of the transaction: `share` while a pupil is placed in the group,
   * `update` while the group is removed, so that a pupil is never placed in a group being
   * removed (the remover waits, then counts the new pupil; or the placer waits, then finds
   * no group).
   */
  findLocked(id: string, mode: 'share' | 'update'): Promise<ClassGroup | null> {
    return this.em.findOne(
      ClassGroup,
      { id },
      { lockMode: mode === 'share' ? LockMode.PESSIMISTIC_READ : LockMode.PESSIMISTIC_WRITE },
    );
  }

  findByName(name: string): Promise<ClassGroup | null> {
    return this.em.findOne(ClassGroup, { name });
  }

  /** By name; only these ids when `ids` is given (a limited teacher's groups). */
  list(ids: readonly string[] | null): Promise<ClassGroup[]> {
    return this.em.find(ClassGroup, ids === null ? {} : { id: { $in: [...ids] } }, { orderBy: { name: 'asc' } });
  }

  /** Pupils per group, in one grouped query. */
  async pupilCounts(tenantId: string): Promise<Map<string, number>> {
    const rows = await this.em.execute<{ class_group_id: string; n: number }[]>(
      `select class_group_id, count(*)::int as n from pupil
        where tenant_id = ? and class_group_id is not null group by class_group_id`,
      [tenantId],
    );
    return new Map(rows.map((r) => [r.class_group_id, r.n]));
  }

  add(group: ClassGroup): void {
    this.em.persist(group);
  }

  remove(group: ClassGroup): void {
    this.em.remove(group);
  }
}
