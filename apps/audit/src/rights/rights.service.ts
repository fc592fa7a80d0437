import { Injectable } from '@nestjs/common';
import {
  CompleteRightsRequest,
  ExtendRightsRequest,
  FieldError,
  ListRightsRequests,
  MessageContext,
  RecordRightsRequest,
  RIGHTS_REQUEST_COMPLETED,
  RIGHTS_REQUEST_EXTENDED,
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUEST_OUTCOMES,
  RIGHTS_REQUEST_RECORDED,
  RIGHTS_REQUEST_STATUSES,
  RIGHTS_REQUESTER_TYPES,
  RIGHTS_SUBJECT_TYPES,
  RightsRequestKind,
  RightsRequestOutcome,
  RightsRequestPage,
  RightsRequestStatus,
  RightsRequesterType,
  RightsRequestView,
  RightsSubjectType,
} from '@pt/contracts';
import { decodeCursor, pageOf, UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7 } from '@pt/platform';
import { daysBetween, dueDateFor, extendedDueDate, isCalendarDate, utcToday } from './due-date';
import { RightsRequest } from './rights-request.entity';
import { RightsRequestRepository } from './rights-request.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TEXT = 4000;

const notFound = () => BusException.notFound('rights_request.not_found', 'The rights request does not exist');

/**
 * The school's register of data-subject rights requests (P21, P22): each request with its
 * due date (received + one calendar month, the ICO's rule for month ends), one extension
 * of up to two further months with a reason while still within the first month, what was
 * done on completion, and which requests are overdue. Events carry ids and codes only.
 */
@Injectable()
export class RightsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  record(ctx: MessageContext, request: RecordRightsRequest): Promise<RightsRequestView> {
    const tenantId = schoolActing(ctx);
    checkRecord(request);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const dueOn = dueDateFor(request.receivedOn);
      const row = Object.assign(new RightsRequest(), {
        id: uuid7(),
        tenantId,
        kind: request.kind,
        subjectType: request.subject.type,
        subjectId: request.subject.id,
        requestedByType: request.requestedBy.type,
        requestedById: request.requestedBy.id ?? null,
        receivedOn: request.receivedOn,
        notes: request.notes?.trim() || null,
        dueOn,
        currentDueOn: dueOn,
        recordedBy: ctx.actor.id ?? null,
        recordedAt: new Date(),
      });
      new RightsRequestRepository(em).add(row);
      stageEvent(em, RIGHTS_REQUEST_RECORDED, ctx, {
        requestId: row.id,
        kind: request.kind,
        subjectType: request.subject.type,
        subjectId: request.subject.id,
        dueOn,
      });
      return toView(row, utcToday());
    });
  }

  get(ctx: MessageContext, requestId: string): Promise<RightsRequestView> {
    schoolActing(ctx);
    if (!UUID.test(requestId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new RightsRequestRepository(em).findById(requestId);
      if (!row) throw notFound();
      return toView(row, utcToday());
    });
  }

  list(ctx: MessageContext, request: ListRightsRequests): Promise<RightsRequestPage> {
    schoolActing(ctx);
    if (request.status !== undefined && !RIGHTS_REQUEST_STATUSES.includes(request.status)) {
      throw BusException.validation([
        { field: 'status', message: `must be one of ${RIGHTS_REQUEST_STATUSES.join(', ')}` },
      ]);
    }
    const after = request.cursor ? decodeCursor(request.cursor) : null;
    if (request.cursor && (!after || !UUID.test(after.id) || Number.isNaN(Date.parse(String(after.key))))) {
      throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    }
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, 200)) : 50;
    const today = utcToday();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const rows = await new RightsRequestRepository(em).page(
        { status: request.status, overdueOn: request.overdue ? today : undefined },
        limit,
        after,
      );
      const page = pageOf(rows, limit, (row) => ({ key: row.recordedAt.toISOString(), id: row.id }));
      return { items: page.items.map((row) => toView(row, today)), nextCursor: page.nextCursor };
    });
  }

  /** Once, by one or two months, and only on or before the original due date. */
  extend(ctx: MessageContext, request: ExtendRightsRequest): Promise<RightsRequestView> {
    schoolActing(ctx);
    const errors: FieldError[] = [];
    if (request.months !== 1 && request.months !== 2) errors.push({ field: 'months', message: 'must be 1 or 2' });
    if (!nonEmptyText(request.reason)) errors.push({ field: 'reason', message: 'must be a non-empty text' });
    if (errors.length) throw BusException.validation(errors);
    if (!UUID.test(request.requestId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new RightsRequestRepository(em).findForUpdate(request.requestId);
      if (!row) throw notFound();
      if (row.completedAt) {
        throw BusException.conflict('rights_request.completed', 'The request is already completed');
      }
      if (row.extendedTo) {
        throw BusException.conflict('rights_request.already_extended', 'The request has already been extended', {
          extendedTo: row.extendedTo,
        });
      }
      const today = utcToday();
      if (today > row.dueOn) {
        throw BusException.conflict(
          'rights_request.extension_too_late',
          'An extension can only be made within the first month, on or before the original due date',
          { dueOn: row.dueOn },
        );
      }
      row.extendedTo = extendedDueDate(row.dueOn, request.months);
      row.currentDueOn = row.extendedTo;
      row.extensionMonths = request.months;
      row.extensionReason = request.reason.trim();
      row.extendedAt = new Date();
      row.extendedBy = ctx.actor.id ?? null;
      stageEvent(em, RIGHTS_REQUEST_EXTENDED, ctx, {
        requestId: row.id,
        months: request.months,
        extendedTo: row.extendedTo,
      });
      return toView(row, today);
    });
  }

  /** Records what was done and when; a request is completed once. */
  complete(ctx: MessageContext, request: CompleteRightsRequest): Promise<RightsRequestView> {
    schoolActing(ctx);
    const errors: FieldError[] = [];
    if (!RIGHTS_REQUEST_OUTCOMES.includes(request.outcome)) {
      errors.push({ field: 'outcome', message: `must be one of ${RIGHTS_REQUEST_OUTCOMES.join(', ')}` });
    }
    if (!nonEmptyText(request.summary)) errors.push({ field: 'summary', message: 'must be a non-empty text' });
    if (errors.length) throw BusException.validation(errors);
    if (!UUID.test(request.requestId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new RightsRequestRepository(em).findForUpdate(request.requestId);
      if (!row) throw notFound();
      if (row.completedAt) {
        throw BusException.conflict('rights_request.already_completed', 'The request is already completed');
      }
      row.outcome = request.outcome;
      row.completionSummary = request.summary.trim();
      row.completedAt = new Date();
      row.completedBy = ctx.actor.id ?? null;
      stageEvent(em, RIGHTS_REQUEST_COMPLETED, ctx, { requestId: row.id, outcome: request.outcome });
      return toView(row, utcToday());
    });
  }
}

/** Inside a school, with rights:manage (the gateway checks first). */
function schoolActing(ctx: MessageContext): string {
  if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
  if (!ctx.actor.permissions?.includes('rights:manage')) {
    throw BusException.forbidden('permission_denied', 'You do not have permission to do this', {
      missing: ['rights:manage'],
    });
  }
  return ctx.tenantId;
}

function checkRecord(request: RecordRightsRequest): void {
  const errors: FieldError[] = [];
  if (!RIGHTS_REQUEST_KINDS.includes(request.kind)) {
    errors.push({ field: 'kind', message: `must be one of ${RIGHTS_REQUEST_KINDS.join(', ')}` });
  }
  if (!RIGHTS_SUBJECT_TYPES.includes(request.subject?.type)) {
    errors.push({ field: 'subject.type', message: `must be one of ${RIGHTS_SUBJECT_TYPES.join(', ')}` });
  }
  if (typeof request.subject?.id !== 'string' || !UUID.test(request.subject.id)) {
    errors.push({ field: 'subject.id', message: 'must be a UUID' });
  }
  if (!RIGHTS_REQUESTER_TYPES.includes(request.requestedBy?.type)) {
    errors.push({ field: 'requestedBy.type', message: `must be one of ${RIGHTS_REQUESTER_TYPES.join(', ')}` });
  }
  const requesterId = request.requestedBy?.id;
  if (
    requesterId !== undefined &&
    requesterId !== null &&
    (typeof requesterId !== 'string' || !UUID.test(requesterId))
  ) {
    errors.push({ field: 'requestedBy.id', message: 'must be a UUID' });
  }
  if (typeof request.receivedOn !== 'string' || !isCalendarDate(request.receivedOn)) {
    errors.push({ field: 'receivedOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  }
  if (request.notes !== undefined && (typeof request.notes !== 'string' || request.notes.length > MAX_TEXT)) {
    errors.push({ field: 'notes', message: `must be a text of at most ${MAX_TEXT} characters` });
  }
  if (errors.length) throw BusException.validation(errors);
}

function nonEmptyText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_TEXT;
}

/** The register's view of a request on `today` (UTC `YYYY-MM-DD`). */
export function toView(row: RightsRequest, today: string): RightsRequestView {
  const completed = row.completedAt !== null;
  const currentDue = row.extendedTo ?? row.dueOn;
  return {
    id: row.id,
    kind: row.kind as RightsRequestKind,
    subject: { type: row.subjectType as RightsSubjectType, id: row.subjectId },
    requestedBy: { type: row.requestedByType as RightsRequesterType, id: row.requestedById },
    receivedOn: row.receivedOn,
    notes: row.notes,
    status: (completed ? 'completed' : 'open') as RightsRequestStatus,
    dueOn: row.dueOn,
    extendedTo: row.extendedTo,
    extension:
      row.extendedTo && row.extendedAt
        ? {
            months: row.extensionMonths ?? 0,
            reason: row.extensionReason ?? '',
            extendedAt: row.extendedAt.toISOString(),
            extendedBy: row.extendedBy,
          }
        : null,
    daysLeft: completed ? null : daysBetween(today, currentDue),
    overdue: !completed && today > currentDue,
    completion:
      completed && row.completedAt
        ? {
            outcome: row.outcome as RightsRequestOutcome,
            summary: row.completionSummary ?? '',
            completedAt: row.completedAt.toISOString(),
            completedBy: row.completedBy,
          }
        : null,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
  };
}
