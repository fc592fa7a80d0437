import { EntityManager } from '@mikro-orm/postgresql';
import { Pupil } from '../pupils/pupil.entity';

/** Reads for exports: pages in id order (keyset), never the whole school at once. */
export class PupilExportRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<Pupil | null> {
    return this.em.findOne(Pupil, { id });
  }

  /** The next page after `afterId`: among `ids` when given, else the whole register; restricted pupils left out. */
  page(ids: string[] | null, afterId: string | null, limit: number): Promise<Pupil[]> {
    return this.em.find(
      Pupil,
      {
        restricted: false,
        ...(ids
          ? { id: afterId ? { $in: ids, $gt: afterId } : { $in: ids } }
          : afterId
            ? { id: { $gt: afterId } }
            : {}),
      },
      { orderBy: { id: 'asc' }, limit },
    );
  }

  /** How many of `ids` are restricted (left out of the export, P18). */
  countRestricted(ids: string[]): Promise<number> {
    return this.em.count(Pupil, { id: { $in: ids }, restricted: true });
  }
}
