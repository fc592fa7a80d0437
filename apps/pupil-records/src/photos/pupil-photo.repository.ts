import { EntityManager } from '@mikro-orm/postgresql';
import { PupilPhoto } from './pupil-photo.entity';

/** The only place that queries photographs; the tenant filter and RLS scope every read. */
export class PupilPhotoRepository {
  constructor(private readonly em: EntityManager) {}

  /** The photograph's facts, without its bytes. */
  findOf(pupilId: string): Promise<PupilPhoto | null> {
    return this.em.findOne(PupilPhoto, { pupilId });
  }

  /** The photograph with its bytes. */
  findWithContent(pupilId: string): Promise<PupilPhoto | null> {
    return this.em.findOne(PupilPhoto, { pupilId }, { populate: ['content'] });
  }

  /** Writes (or replaces) the pupil's one photograph in a single statement. */
  async save(photo: PupilPhoto): Promise<void> {
    await this.em.upsert(PupilPhoto, photo, { onConflictFields: ['pupilId'] });
  }

  /** Returns whether there was one. */
  async deleteOf(pupilId: string): Promise<boolean> {
    return (await this.em.nativeDelete(PupilPhoto, { pupilId })) > 0;
  }
}
