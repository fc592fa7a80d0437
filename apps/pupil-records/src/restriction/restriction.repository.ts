import { EntityManager } from '@mikro-orm/postgresql';
import { PupilRestriction } from './pupil-restriction.entity';

/** The only place that queries `pupil_restriction`. */
export class RestrictionRepository {
  constructor(private readonly em: EntityManager) {}

  /** The restriction in force (not lifted), if any. */
  findOpen(pupilId: string): Promise<PupilRestriction | null> {
    return this.em.findOne(PupilRestriction, { pupilId, liftedAt: null });
  }

  /** Newest first: the pupil's whole history of restrictions and lifts. */
  listOf(pupilId: string): Promise<PupilRestriction[]> {
    return this.em.find(PupilRestriction, { pupilId }, { orderBy: { startedAt: 'desc', id: 'desc' } });
  }

  add(restriction: PupilRestriction): void {
    this.em.persist(restriction);
  }
}
