import { isUuid } from '@pt/contracts';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BusException, SchoolContext } from '@pt/platform';
import { classGroupScopeOf, inScope } from './class-group-scope';
import { assertPupilWritable } from './pupil-writes';
import { Pupil } from './pupil.entity';
import { SchoolProcessing } from '../school-status/school-processing';

/** Another school's pupil, or one outside a teacher's class groups, answers like one that does not exist. */
export const pupilNotFound = () => BusException.notFound('pupil.not_found', 'The pupil does not exist');

/** P19: a teacher limited to class groups reaches only the pupils in them (the register's own rule). */
export function withinClassGroups(pupil: Pick<Pupil, 'classGroupId'>, ctx: SchoolContext): boolean {
  return inScope(classGroupScopeOf(ctx), pupil.classGroupId);
}

/** The only place the care modules read the pupil row (the tenant filter and RLS scope it). */
export class CaredPupilRepository {
  constructor(private readonly em: EntityManager) {}

  find(pupilId: string): Promise<Pupil | null> {
    return this.em.findOne(Pupil, { id: pupilId });
  }

  /**
   * Locked for the rest of the transaction: consent changes, health notes and photos of one
   * pupil are serialised, so a note cannot slip in beside a withdrawal that clears them.
   */
  findForUpdate(pupilId: string): Promise<Pupil | null> {
    return this.em.findOne(Pupil, { id: pupilId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }
}

/**
 * How the guardian, consent, health-note and photo modules reach the pupil they hang off:
 * within the tenant (the unit of work's walls), within a teacher's class groups (P19),
 * and for writes only once the school has signed (P11) and while the pupil is not
 * restricted (P18).
 */
@Injectable()
export class PupilCareAccess {
  constructor(private readonly processing: SchoolProcessing) {}

  /** The pupil for a read: 404 when absent, in another school or outside the actor's class groups. */
  async forReading(em: EntityManager, ctx: SchoolContext, pupilId: string): Promise<Pupil> {
    if (!isUuid(pupilId)) throw pupilNotFound();
    const pupil = await new CaredPupilRepository(em).find(pupilId);
    if (!pupil || !withinClassGroups(pupil, ctx)) throw pupilNotFound();
    return pupil;
  }

  /**
   * The pupil for a write, locked: the school must have signed the data processing terms
   * (P11, 409 `school.data_processing_not_signed`) and the pupil must not be restricted (P18, 409
   * `pupil.restricted`) unless the change only stops processing (`allowRestricted`:
   * consent withdrawal).
   */
  async forWriting(
    em: EntityManager,
    ctx: SchoolContext,
    pupilId: string,
    options: { allowRestricted?: boolean } = {},
  ): Promise<Pupil> {
    if (!isUuid(pupilId)) throw pupilNotFound();
    await this.processing.assertAllowed(em, ctx.tenantId);
    const pupil = await new CaredPupilRepository(em).findForUpdate(pupilId);
    if (!pupil || !withinClassGroups(pupil, ctx)) throw pupilNotFound();
    if (!options.allowRestricted) assertPupilWritable(pupil);
    return pupil;
  }
}

/** A change to what the pupil view shows (consent flags, SEN needs, photo): a new version for its ETag. */
export function touchPupil(pupil: Pupil): void {
  pupil.version += 1;
  pupil.updatedAt = new Date();
}
