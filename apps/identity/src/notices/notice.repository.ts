import { EntityManager } from '@mikro-orm/postgresql';
import { CursorPosition } from '@pt/persistence';
import { NoticeSubject } from '@pt/contracts';
import { SchoolNotice } from './notice.entity';

/** The only place that queries school notices. */
export class NoticeRepository {
  constructor(private readonly em: EntityManager) {}

  findFor(tenantId: string, subject: NoticeSubject, incidentId: string): Promise<SchoolNotice | null> {
    return this.em.findOne(SchoolNotice, { tenantId, subject, incidentId });
  }

  /** Newest first, `limit + 1` rows after the cursor (keyset on created_at, id); only `subjects` when given. */
  page(
    tenantId: string,
    limit: number,
    after: CursorPosition | null,
    subjects?: NoticeSubject[],
  ): Promise<SchoolNotice[]> {
    const where: Record<string, unknown> = { tenantId };
    if (subjects) where.subject = { $in: subjects };
    if (after) {
      const at = new Date(after.key);
      Object.assign(where, { $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: after.id } }] });
    }
    return this.em.find(SchoolNotice, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
  }

  add(notice: SchoolNotice): void {
    this.em.persist(notice);
  }
}
