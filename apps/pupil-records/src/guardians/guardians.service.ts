import { Injectable } from '@nestjs/common';
import {
  CreateGuardianRequest,
  GUARDIAN_CREATED,
  GUARDIAN_DELETED,
  GUARDIAN_UPDATED,
  GuardianRef,
  GuardianView,
  isUuid,
  UpdateGuardianRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { ConsentRepository } from '../pupils/consent.repository';
import { PupilCareAccess } from '../pupils/pupil-care-access';
import { applyGuardianFields, checkGuardianFields, toGuardianView } from './guardian-fields';
import { Guardian } from './guardian.entity';
import { GuardianRepository } from './guardian.repository';

const guardianNotFound = () => BusException.notFound('guardian.not_found', 'The guardian does not exist');

/**
 * A pupil's parents and carers: contact details in priority order, and the people whose
 * consent is recorded for special-category data and photographs (P16). Names and contact
 * details stay here; events carry ids.
 */
@Injectable()
export class GuardiansService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly access: PupilCareAccess,
  ) {}

  list(ctx: SchoolContext, pupilId: string): Promise<{ items: GuardianView[] }> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      await this.access.forReading(em, ctx, pupilId);
      const rows = await new GuardianRepository(em).listOf(pupilId);
      return { items: rows.map(toGuardianView) };
    });
  }

  get(ctx: SchoolContext, ref: GuardianRef): Promise<GuardianView> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      await this.access.forReading(em, ctx, ref.pupilId);
      return toGuardianView(await findGuardian(new GuardianRepository(em), ref));
    });
  }

  create(ctx: SchoolContext, request: CreateGuardianRequest): Promise<GuardianView> {
    const { tenantId } = ctx;
    const { pupilId, ...fields } = request;
    const errors = checkGuardianFields(fields, true);
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      await this.access.forWriting(em, ctx, pupilId);
      const guardians = new GuardianRepository(em);
      const row = Object.assign(new Guardian(), { id: uuid7(), tenantId, pupilId, createdAt: new Date() });
      applyGuardianFields(row, { ...fields, priority: fields.priority ?? (await guardians.nextPriority(pupilId)) });
      row.updatedAt = row.createdAt;
      guardians.add(row);
      stageEvent(em, GUARDIAN_CREATED, ctx, { pupilId, guardianId: row.id });
      return toGuardianView(row);
    });
  }

  update(ctx: SchoolContext, request: UpdateGuardianRequest): Promise<GuardianView> {
    const changes = request.changes ?? {};
    const errors = checkGuardianFields(changes, false);
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      await this.access.forWriting(em, ctx, request.pupilId);
      const row = await findGuardian(new GuardianRepository(em), request);
      checkVersion(row.version, request.expectedVersion);
      const changed = applyGuardianFields(row, changes);
      if (changed.length) {
        row.version += 1;
        row.updatedAt = new Date();
        stageEvent(em, GUARDIAN_UPDATED, ctx, {
          pupilId: request.pupilId,
          guardianId: row.id,
          fields: changed,
        });
      }
      return toGuardianView(row);
    });
  }

  /**
   * Refused while a consent this guardian gave still stands: the record of who consented
   * must stay resolvable. Withdraw it, or have another guardian give it, first.
   */
  remove(ctx: SchoolContext, request: GuardianRef & { expectedVersion: number | null }): Promise<{ deleted: true }> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      await this.access.forWriting(em, ctx, request.pupilId);
      const guardians = new GuardianRepository(em);
      const row = await findGuardian(guardians, request);
      checkVersion(row.version, request.expectedVersion);
      if (await new ConsentRepository(em).standingGivenBy(request.pupilId, row.id)) {
        throw BusException.conflict(
          'guardian.has_standing_consent',
          'A consent this guardian gave still stands; withdraw it before removing the guardian',
        );
      }
      guardians.remove(row);
      stageEvent(em, GUARDIAN_DELETED, ctx, { pupilId: request.pupilId, guardianId: row.id });
      return { deleted: true as const };
    });
  }
}

async function findGuardian(guardians: GuardianRepository, ref: GuardianRef): Promise<Guardian> {
  if (!isUuid(ref.guardianId)) throw guardianNotFound();
  const row = await guardians.findOf(ref.pupilId, ref.guardianId);
  if (!row) throw guardianNotFound();
  return row;
}

/** Optimistic concurrency: a change made against an older version is refused (412). */
function checkVersion(current: number, expected: number | null | undefined): void {
  if (expected !== undefined && expected !== null && expected !== current) {
    throw BusException.preconditionFailed(
      'stale_version',
      'The guardian was changed by someone else; reload it and try again',
    );
  }
}
