import { EntityManager } from '@mikro-orm/postgresql';
import { PupilErasure } from './pupil-erasure.entity';

/** The only place that writes `pupil_erasure`. */
export class ErasureRepository {
  constructor(private readonly em: EntityManager) {}

  add(erasure: PupilErasure): void {
    this.em.persist(erasure);
  }
}
