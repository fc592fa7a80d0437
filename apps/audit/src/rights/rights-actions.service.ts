import { Injectable } from '@nestjs/common';
import {
  ERASE_PUPIL,
  isUuid,
  PupilRequester,
  REMOVE_USER,
  RESTRICT_PUPIL,
  RIGHTS_ACTION_TAKEN,
  RightsActionOutcome,
  RightsRequestDetail,
  RunRightsAction,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusClient, BusException, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { RightsAction } from './rights-fulfilment.entity';
import { RightsRequest } from './rights-request.entity';
import { RightsRequestRepository } from './rights-request.repository';
import { detailOf, nonEmptyText, notFound, requireIdentityCheck, requireOpen } from './rights.service';

/** A refusal the owning service gave for a reason of its own; anything else (down, timed out) records nothing. */
const REFUSALS = new Set(['validation', 'not_found', 'conflict', 'forbidden', 'precondition_failed']);

/** What carrying out a request means: the owning service's operation, or a record of what staff did. */
type Plan = { operation: string; run: () => Promise<string | null> } | { operation: 'recorded' };

/**
 * Erasure, restriction and objection requests (P22) carried out by the service that owns the
 * data, with the outcome recorded on the request: done (with what the service made), or
 * refused with the service's error code. Rectification and consent withdrawal are done by
 * the school through the ordinary APIs; here staff record what they did.
 */
@Injectable()
export class RightsActionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly bus: BusClient,
  ) {}

  async run(ctx: SchoolContext, request: RunRightsAction): Promise<RightsRequestDetail> {
    if (!nonEmptyText(request.summary)) {
      throw BusException.validation([{ field: 'summary', message: 'must be a non-empty text' }]);
    }
    if (!isUuid(request.requestId)) throw notFound();
    const summary = request.summary.trim();
    const row = await this.unitOfWork.forContext(ctx, async (em) => {
      const requests = new RightsRequestRepository(em);
      const found = await requests.findById(request.requestId);
      if (!found) throw notFound();
      requireOpen(found);
      requireIdentityCheck(found);
      if ((await requests.actionsOf(found.id)).some((a) => a.outcome !== 'refused')) {
        throw BusException.conflict('rights_request.action_already_done', 'This request has already been carried out');
      }
      return found;
    });
    const plan = this.planFor(ctx, row, summary);
    let outcome: RightsActionOutcome = 'recorded';
    let errorCode: string | null = null;
    let resultId: string | null = null;
    if ('run' in plan) {
      try {
        resultId = await plan.run();
        outcome = 'done';
      } catch (error) {
        if (!(error instanceof BusException) || !REFUSALS.has(error.kind)) throw error;
        outcome = 'refused';
        errorCode = error.code;
      }
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const requests = new RightsRequestRepository(em);
      const locked = await requests.findForUpdate(row.id);
      if (!locked) throw notFound();
      const action = Object.assign(new RightsAction(), {
        id: uuid7(),
        tenantId: locked.tenantId,
        requestId: locked.id,
        operation: plan.operation,
        outcome,
        errorCode,
        resultId,
        summary,
        performedAt: new Date(),
        performedBy: ctx.actor.id ?? null,
      });
      requests.add(action);
      stageEvent(em, RIGHTS_ACTION_TAKEN, ctx, {
        requestId: locked.id,
        actionId: action.id,
        operation: plan.operation,
        outcome,
        errorCode,
      });
      await em.flush();
      return detailOf(requests, locked);
    });
  }

  private planFor(ctx: SchoolContext, row: RightsRequest, reason: string): Plan {
    const rightsRequestId = row.id;
    if (row.kind === 'rectification' || row.kind === 'consent-withdrawal') return { operation: 'recorded' };
    if (row.subjectType === 'pupil') {
      const requestedBy = pupilRequester(row.requestedByType);
      if (row.kind === 'erasure') {
        return {
          operation: ERASE_PUPIL.subject,
          run: async () =>
            (await this.bus.request(ERASE_PUPIL, ctx, { pupilId: row.subjectId, requestedBy, reason, rightsRequestId }))
              .id,
        };
      }
      if (row.kind === 'restriction' || row.kind === 'objection') {
        const kind = row.kind;
        return {
          operation: RESTRICT_PUPIL.subject,
          run: async () =>
            (
              await this.bus.request(RESTRICT_PUPIL, ctx, {
                pupilId: row.subjectId,
                kind,
                requestedBy,
                reason,
                rightsRequestId,
              })
            ).id,
        };
      }
    }
    if (row.subjectType === 'staff' && row.kind === 'erasure') {
      return {
        operation: REMOVE_USER.subject,
        run: async () => {
          await this.bus.request(REMOVE_USER, ctx, { userId: row.subjectId });
          return null;
        },
      };
    }
    throw BusException.conflict(
      'rights_request.no_operation',
      'No service carries out this kind of request for this subject: do it by hand and record it with the completion',
      { kind: row.kind, subjectType: row.subjectType },
    );
  }
}

function pupilRequester(requestedByType: string): PupilRequester {
  return requestedByType === 'pupil' || requestedByType === 'parent' ? requestedByType : 'school';
}
