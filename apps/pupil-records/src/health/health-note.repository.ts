import { EntityManager } from '@mikro-orm/postgresql';
import { HealthNote } from './health-note.entity';

/** The only place that queries health notes; the tenant filter and RLS scope every read. */
export class HealthNoteRepository {
  constructor(private readonly em: EntityManager) {}

  /** Newest first. */
  listOf(pupilId: string): Promise<HealthNote[]> {
    return this.em.find(HealthNote, { pupilId }, { orderBy: { recordedAt: 'desc', id: 'desc' } });
  }

  findOf(pupilId: string, noteId: string): Promise<HealthNote | null> {
    return this.em.findOne(HealthNote, { id: noteId, pupilId });
  }

  add(note: HealthNote): void {
    this.em.persist(note);
  }

  remove(note: HealthNote): void {
    this.em.remove(note);
  }

  /** Every note of the pupil, in one statement (withdrawal of special-category consent, P16); returns how many. */
  deleteAllOf(pupilId: string): Promise<number> {
    return this.em.nativeDelete(HealthNote, { pupilId });
  }
}
