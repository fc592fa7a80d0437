import { Injectable } from '@nestjs/common';
import {
  ErasePupilRequest,
  ErasureView,
  FieldError,
  isUuid,
  PUPIL_ERASED,
  PUPIL_REQUESTERS,
  PupilRequester,
} from '@pt/contracts';
import { eraseIdempotentRepliesOf, UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { PupilRepository } from '../pupils/pupil.repository';
import { pupilNotFound } from '../pupils/pupils.service';
import { stagePupilCountIfChanged } from '../pupils/pupil-count';
import { ErasureRepository } from './erasure.repository';
import { PupilErasure } from './pupil-erasure.entity';

const REASON_MAX = 2000;

/**
 * P17: a pupil's data is deleted on request from the school, the pupil or a parent. The
 * row really goes, and with it (ON DELETE CASCADE) guardians, consents, photographs, health
 * notes and restrictions; what stays is the erasure record (ids, who asked, why, who did
 * it). PUPIL_ERASED, staged in the same transaction, makes every other service delete what
 * it holds. A restricted pupil can be erased: erasure ends processing for good.
 */
@Injectable()
export class ErasureService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  erase(ctx: SchoolContext, request: ErasePupilRequest): Promise<ErasureView> {
    const { tenantId } = ctx;
    const errors: FieldError[] = [];
    if (!PUPIL_REQUESTERS.includes(request?.requestedBy)) {
      errors.push({ field: 'requestedBy', message: `must be one of ${PUPIL_REQUESTERS.join(', ')}` });
    }
    if (typeof request?.reason !== 'string' || !request.reason.trim() || request.reason.length > REASON_MAX) {
      errors.push({ field: 'reason', message: `must be a text of 1 to ${REASON_MAX} characters` });
    }
    if (
      request?.rightsRequestId !== undefined &&
      request.rightsRequestId !== null &&
      !isUuid(request.rightsRequestId)
    ) {
      errors.push({ field: 'rightsRequestId', message: 'must be a UUID' });
    }
    if (errors.length) throw BusException.validation(errors);
    if (!isUuid(request.pupilId)) throw pupilNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const pupils = new PupilRepository(em);
      const pupil = await pupils.findVisibleForUpdate(request.pupilId, classGroupScopeOf(ctx));
      if (!pupil) throw pupilNotFound();
      const erasure = Object.assign(new PupilErasure(), {
        id: uuid7(),
        tenantId,
        pupilId: pupil.id,
        requestedBy: request.requestedBy,
        reason: request.reason.trim(),
        rightsRequestId: request.rightsRequestId?.toLowerCase() ?? null,
        erasedAt: new Date(),
        erasedBy: ctx.actor.id ?? null,
      });
      await pupils.delete(pupil.id);
      // Idempotency-Key replies recorded with earlier writes may hold the pupil's data.
      await eraseIdempotentRepliesOf(em, tenantId, pupil.id);
      new ErasureRepository(em).add(erasure);
      stageEvent(em, PUPIL_ERASED, ctx, { pupilId: pupil.id, erasureId: erasure.id, requestedBy: request.requestedBy });
      await stagePupilCountIfChanged(em, ctx);
      return {
        id: erasure.id,
        pupilId: erasure.pupilId,
        requestedBy: erasure.requestedBy as PupilRequester,
        reason: erasure.reason,
        rightsRequestId: erasure.rightsRequestId,
        erasedAt: erasure.erasedAt.toISOString(),
        erasedBy: erasure.erasedBy ?? '',
      };
    });
  }
}
