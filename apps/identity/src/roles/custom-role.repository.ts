import { EntityManager } from '@mikro-orm/postgresql';
import { CustomRole } from './custom-role.entity';

export class CustomRoleRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * A school's custom roles. The tenant is named explicitly because sign-in and refresh
   * resolve permissions in platform scope, where the tenant filter does not narrow.
   */
  allOf(tenantId: string): Promise<CustomRole[]> {
    return this.em.find(CustomRole, { tenantId }, { orderBy: { name: 'asc' } });
  }

  namedIn(tenantId: string, names: string[]): Promise<CustomRole[]> {
    if (!names.length) return Promise.resolve([]);
    return this.em.find(CustomRole, { tenantId, name: { $in: names } });
  }

  findById(tenantId: string, id: string): Promise<CustomRole | null> {
    return this.em.findOne(CustomRole, { tenantId, id });
  }

  async nameTaken(tenantId: string, name: string, exceptId?: string): Promise<boolean> {
    const rows = await this.em
      .createQueryBuilder(CustomRole, 'r')
      .select('r.id')
      .where({ tenantId })
      .andWhere('lower(r.name) = ?', [name.toLowerCase()])
      .getResultList();
    return rows.some((row) => row.id !== exceptId);
  }

  countOf(tenantId: string): Promise<number> {
    return this.em.count(CustomRole, { tenantId });
  }

  add(role: CustomRole): void {
    this.em.persist(role);
  }

  remove(role: CustomRole): void {
    this.em.remove(role);
  }
}
