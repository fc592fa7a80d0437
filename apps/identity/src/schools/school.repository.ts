import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { School, SchoolStatus } from './school.entity';

export class SchoolRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<School | null> {
    return this.em.findOne(School, { id });
  }

  findByDfeNumber(laCode: string, establishmentNumber: string): Promise<School | null> {
    return this.em.findOne(School, { laCode, establishmentNumber });
  }

  /** Oldest first, `limit + 1` rows from after the cursor (keyset on created_at, id). */
  page(limit: number, after: CursorPosition | null, status?: SchoolStatus): Promise<School[]> {
    const where: Record<string, unknown> = status ? { status } : {};
    if (after) {
      const at = new Date(after.key);
      Object.assign(where, { $or: [{ createdAt: { $gt: at } }, { createdAt: at, id: { $gt: after.id } }] });
    }
    return this.em.find(School, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: limit + 1 });
  }

  add(school: School): void {
    this.em.persist(school);
  }
}
