import { Injectable } from '@nestjs/common';
import {
  FieldError,
  isUuid,
  LiftRestrictionRequest,
  PUPIL_REQUESTERS,
  PUPIL_RESTRICTED,
  PUPIL_RESTRICTION_LIFTED,
  PupilRequester,
  RESTRICTION_KINDS,
  RestrictionKind,
  RestrictionView,
  RestrictPupilRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { PupilRepository } from '../pupils/pupil.repository';
import { pupilNotFound } from '../pupils/pupils.service';
import { PupilRestriction } from './pupil-restriction.entity';
import { RestrictionRepository } from './restriction.repository';

const REASON_MAX = 2000;

/**
 * P18: processing of a pupil's data stops when asked (restriction) or objected to. The
 * pupil becomes read-only and leaves statistics and exports (`pupil.restricted`); lifting
 * is recorded with who, when and why. Events carry ids and the kind only, never the reason.
 */
@Injectable()
export class RestrictionService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  restrict(ctx: SchoolContext, request: RestrictPupilRequest): Promise<RestrictionView> {
    const { tenantId } = ctx;
    const errors: FieldError[] = [];
    if (!RESTRICTION_KINDS.includes(request?.kind)) {
      errors.push({ field: 'kind', message: `must be one of ${RESTRICTION_KINDS.join(', ')}` });
    }
    if (!PUPIL_REQUESTERS.includes(request?.requestedBy)) {
      errors.push({ field: 'requestedBy', message: `must be one of ${PUPIL_REQUESTERS.join(', ')}` });
    }
    checkReasonAndRequest(request, 'reason', errors);
    if (errors.length) throw BusException.validation(errors);
    if (!isUuid(request.pupilId)) throw pupilNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await new PupilRepository(em).findVisibleForUpdate(request.pupilId, classGroupScopeOf(ctx));
      if (!pupil) throw pupilNotFound();
      const restrictions = new RestrictionRepository(em);
      if (pupil.restricted || (await restrictions.findOpen(pupil.id))) {
        throw BusException.conflict('pupil.already_restricted', 'Processing of this pupil is already restricted');
      }
      const restriction = Object.assign(new PupilRestriction(), {
        id: uuid7(),
        tenantId,
        pupilId: pupil.id,
        kind: request.kind,
        requestedBy: request.requestedBy,
        reason: request.reason.trim(),
        rightsRequestId: request.rightsRequestId?.toLowerCase() ?? null,
        startedAt: new Date(),
        startedBy: ctx.actor.id ?? null,
      });
      restrictions.add(restriction);
      pupil.restricted = true;
      pupil.version += 1;
      pupil.updatedAt = new Date();
      stageEvent(em, PUPIL_RESTRICTED, ctx, { pupilId: pupil.id, restrictionId: restriction.id, kind: request.kind });
      return toRestrictionView(restriction);
    });
  }

  lift(ctx: SchoolContext, request: LiftRestrictionRequest): Promise<RestrictionView> {
    const errors: FieldError[] = [];
    checkReasonAndRequest(request, 'reason', errors);
    if (errors.length) throw BusException.validation(errors);
    if (!isUuid(request.pupilId)) throw pupilNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await new PupilRepository(em).findVisibleForUpdate(request.pupilId, classGroupScopeOf(ctx));
      if (!pupil) throw pupilNotFound();
      const restriction = await new RestrictionRepository(em).findOpen(pupil.id);
      if (!restriction) {
        throw BusException.conflict('pupil.not_restricted', 'Processing of this pupil is not restricted');
      }
      restriction.liftedAt = new Date();
      restriction.liftedBy = ctx.actor.id ?? null;
      restriction.liftReason = request.reason.trim();
      restriction.liftRightsRequestId = request.rightsRequestId?.toLowerCase() ?? null;
      pupil.restricted = false;
      pupil.version += 1;
      pupil.updatedAt = new Date();
      stageEvent(em, PUPIL_RESTRICTION_LIFTED, ctx, { pupilId: pupil.id, restrictionId: restriction.id });
      return toRestrictionView(restriction);
    });
  }

  list(ctx: SchoolContext, pupilId: string): Promise<{ items: RestrictionView[] }> {
    if (!isUuid(pupilId)) throw pupilNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupil = await new PupilRepository(em).findVisible(pupilId, classGroupScopeOf(ctx));
      if (!pupil) throw pupilNotFound();
      const rows = await new RestrictionRepository(em).listOf(pupil.id);
      return { items: rows.map(toRestrictionView) };
    });
  }
}

function checkReasonAndRequest(
  request: { reason?: unknown; rightsRequestId?: unknown } | undefined,
  field: string,
  errors: FieldError[],
): void {
  const reason = request?.reason;
  if (typeof reason !== 'string' || !reason.trim() || reason.length > REASON_MAX) {
    errors.push({ field, message: `must be a text of 1 to ${REASON_MAX} characters` });
  }
  if (request?.rightsRequestId !== undefined && request.rightsRequestId !== null && !isUuid(request.rightsRequestId)) {
    errors.push({ field: 'rightsRequestId', message: 'must be a UUID' });
  }
}

export function toRestrictionView(row: PupilRestriction): RestrictionView {
  return {
    id: row.id,
    pupilId: row.pupilId,
    kind: row.kind as RestrictionKind,
    requestedBy: row.requestedBy as PupilRequester,
    reason: row.reason,
    rightsRequestId: row.rightsRequestId,
    startedAt: row.startedAt.toISOString(),
    startedBy: row.startedBy ?? '',
    liftedAt: row.liftedAt?.toISOString() ?? null,
    liftedBy: row.liftedBy,
    liftReason: row.liftReason,
  };
}
