import { Injectable } from '@nestjs/common';
import {
  CompleteRightsRequest,
  ExtendRightsRequest,
  FieldError,
  FIND_PUPILS,
  FIND_STAFF,
  IDENTITY_CHECK_METHODS,
  IDENTITY_CHECKED_SUBJECTS,
  IdentityCheckMethod,
  isUuid,
  ListRightsRequests,
  RecordIdentityCheck,
  RecordRightsRequest,
  RIGHTS_IDENTITY_CHECKED,
  RIGHTS_REQUEST_COMPLETED,
  RIGHTS_REQUEST_EXTENDED,
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUEST_OUTCOMES,
  RIGHTS_REQUEST_RECORDED,
  RIGHTS_REQUEST_STATUSES,
  RIGHTS_REQUESTER_TYPES,
  RIGHTS_SUBJECT_TYPES,
  RightsActionOutcome,
  RightsReminderStage,
  RightsRequestDetail,
  RightsRequesterType,
  RightsRequestKind,
  RightsRequestOutcome,
  RightsRequestPage,
  RightsRequestStatus,
  RightsRequestView,
  RightsSubjectType,
} from '@pt/contracts';
import { decodeCursor, pageOf, UnitOfWork } from '@pt/persistence';
import { BusClient, BusException, missingIds, stageEvent, uuid7, SchoolContext } from '@pt/platform';
import { daysBetween, dueDateFor, extendedDueDate, isCalendarDate, latestLocalToday, utcToday } from './due-date';
import { RightsAction, RightsExport, RightsReminder } from './rights-fulfilment.entity';
import { RightsRequest } from './rights-request.entity';
import { RightsRequestRepository } from './rights-request.repository';

const MAX_TEXT = 4000;

/** A check made a little ahead of our clock is a skewed clock; further is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export const notFound = () => BusException.notFound('rights_request.not_found', 'The rights request does not exist');

/**
 * P21: a request about a pupil or a parent is not fulfilled (exported, carried out, or
 * completed as done) before staff have recorded how the requester's identity was checked.
 */
export function requireIdentityCheck(row: RightsRequest): void {
  if (identityCheckRequired(row)) {
    throw BusException.conflict(
      'rights_request.identity_check_required',
      "Record how the requester's identity was checked before fulfilling a request about a pupil or a parent",
      { requestId: row.id },
    );
  }
}

export function identityCheckRequired(row: RightsRequest): boolean {
  return IDENTITY_CHECKED_SUBJECTS.includes(row.subjectType as RightsSubjectType) && !row.identityCheckedAt;
}

/** A request still open, or 409. */
export function requireOpen(row: RightsRequest): void {
  if (row.completedAt) throw BusException.conflict('rights_request.completed', 'The request is already completed');
}

/**
 * The school's register of data-subject rights requests (P21, P22): each request with its
 * due date (received + one calendar month, the ICO's rule for month ends), one extension
 * of up to two further months with a reason while still within the first month, what was
 * done on completion, and which requests are overdue. Events carry ids and codes only.
 */
@Injectable()
export class RightsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly bus: BusClient,
  ) {}

  async record(ctx: SchoolContext, request: RecordRightsRequest): Promise<RightsRequestView> {
    const { tenantId } = ctx;
    checkRecord(request);
    await this.checkPeopleNamed(ctx, request);
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

  /**
   * A pupil or member of staff the request names (its subject, or who made it) must be
   * the school's: another school's id, like an unknown one, answers 404 naming the field
   * instead of putting a stranger in the register. Pupils are pupil-records', staff
   * identity's: one question to each that owns a named id. Parents are not checked (a
   * parent asking may have no record yet).
   */
  private async checkPeopleNamed(ctx: SchoolContext, request: RecordRightsRequest): Promise<void> {
    const named = [{ field: 'subject.id', type: request.subject.type as string, id: request.subject.id }];
    if (request.requestedBy.id) {
      named.push({ field: 'requestedBy.id', type: request.requestedBy.type, id: request.requestedBy.id });
    }
    const owners = [
      { type: 'pupil', pattern: FIND_PUPILS, what: 'a pupil' },
      { type: 'staff', pattern: FIND_STAFF, what: 'a member of staff' },
    ] as const;
    const missing = await Promise.all(
      owners.map(async (owner) => {
        const ids = named.filter((person) => person.type === owner.type).map((person) => person.id.toLowerCase());
        return new Set(await missingIds(this.bus, owner.pattern, ctx, ctx.tenantId, ids));
      }),
    );
    const errors = named.flatMap((person) => {
      const index = owners.findIndex((owner) => owner.type === person.type);
      return index >= 0 && missing[index].has(person.id.toLowerCase())
        ? [{ field: person.field, message: `is not ${owners[index].what} of this school` }]
        : [];
    });
    if (errors.length) {
      throw new BusException({
        kind: 'not_found',
        code: 'rights_request.person_not_found',
        message: 'The request names someone who is not of this school',
        errors,
      });
    }
  }

  /** One request with its identity check, the bundles produced, the actions taken and the reminders sent. */
  get(ctx: SchoolContext, requestId: string): Promise<RightsRequestDetail> {
    if (!isUuid(requestId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new RightsRequestRepository(em).findById(requestId);
      if (!row) throw notFound();
      return detailOf(new RightsRequestRepository(em), row);
    });
  }

  /** P21: how staff checked who is asking, by whom and when; once per request. */
  recordIdentityCheck(ctx: SchoolContext, request: RecordIdentityCheck): Promise<RightsRequestDetail> {
    const errors: FieldError[] = [];
    if (!IDENTITY_CHECK_METHODS.includes(request.method)) {
      errors.push({ field: 'method', message: `must be one of ${IDENTITY_CHECK_METHODS.join(', ')}` });
    }
    const checkedAt = request.checkedAt === undefined ? new Date() : new Date(request.checkedAt);
    if (
      typeof request.checkedAt !== 'undefined' &&
      (typeof request.checkedAt !== 'string' || Number.isNaN(checkedAt.getTime()))
    ) {
      errors.push({ field: 'checkedAt', message: 'must be an ISO 8601 date-time' });
    } else if (checkedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      errors.push({ field: 'checkedAt', message: 'must not be in the future' });
    }
    if (request.note !== undefined && (typeof request.note !== 'string' || request.note.length > MAX_TEXT)) {
      errors.push({ field: 'note', message: `must be a text of at most ${MAX_TEXT} characters` });
    } else if (request.method === 'other' && !nonEmptyText(request.note)) {
      errors.push({ field: 'note', message: 'must say what was checked when the method is other' });
    }
    if (errors.length) throw BusException.validation(errors);
    if (!isUuid(request.requestId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const requests = new RightsRequestRepository(em);
      const row = await requests.findForUpdate(request.requestId);
      if (!row) throw notFound();
      requireOpen(row);
      if (row.identityCheckedAt) {
        throw BusException.conflict(
          'rights_request.identity_already_checked',
          'The identity check is already recorded',
        );
      }
      if (checkedAt.getTime() < Date.parse(`${row.receivedOn}T00:00:00Z`) - 86_400_000) {
        throw BusException.validation([{ field: 'checkedAt', message: 'must not be before the request was received' }]);
      }
      row.identityCheckMethod = request.method;
      row.identityCheckNote = request.note?.trim() || null;
      row.identityCheckedAt = checkedAt;
      row.identityCheckedBy = ctx.actor.id ?? null;
      stageEvent(em, RIGHTS_IDENTITY_CHECKED, ctx, { requestId: row.id, method: request.method });
      return detailOf(requests, row);
    });
  }

  list(ctx: SchoolContext, request: ListRightsRequests): Promise<RightsRequestPage> {
    if (request.status !== undefined && !RIGHTS_REQUEST_STATUSES.includes(request.status)) {
      throw BusException.validation([
        { field: 'status', message: `must be one of ${RIGHTS_REQUEST_STATUSES.join(', ')}` },
      ]);
    }
    const after = request.cursor ? decodeCursor(request.cursor) : null;
    if (request.cursor && (!after || !isUuid(after.id) || Number.isNaN(Date.parse(String(after.key))))) {
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
  extend(ctx: SchoolContext, request: ExtendRightsRequest): Promise<RightsRequestView> {
    const errors: FieldError[] = [];
    if (request.months !== 1 && request.months !== 2) errors.push({ field: 'months', message: 'must be 1 or 2' });
    if (!nonEmptyText(request.reason)) errors.push({ field: 'reason', message: 'must be a non-empty text' });
    if (errors.length) throw BusException.validation(errors);
    if (!isUuid(request.requestId)) throw notFound();
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
  complete(ctx: SchoolContext, request: CompleteRightsRequest): Promise<RightsRequestView> {
    const errors: FieldError[] = [];
    if (!RIGHTS_REQUEST_OUTCOMES.includes(request.outcome)) {
      errors.push({ field: 'outcome', message: `must be one of ${RIGHTS_REQUEST_OUTCOMES.join(', ')}` });
    }
    if (!nonEmptyText(request.summary)) errors.push({ field: 'summary', message: 'must be a non-empty text' });
    if (errors.length) throw BusException.validation(errors);
    if (!isUuid(request.requestId)) throw notFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const row = await new RightsRequestRepository(em).findForUpdate(request.requestId);
      if (!row) throw notFound();
      if (row.completedAt) {
        throw BusException.conflict('rights_request.already_completed', 'The request is already completed');
      }
      // A refusal (the requester could not be identified, say) needs no identity check.
      if (request.outcome !== 'refused') requireIdentityCheck(row);
      row.outcome = request.outcome;
      row.completionSummary = request.summary.trim();
      row.completedAt = new Date();
      row.completedBy = ctx.actor.id ?? null;
      stageEvent(em, RIGHTS_REQUEST_COMPLETED, ctx, { requestId: row.id, outcome: request.outcome });
      return toView(row, utcToday());
    });
  }
}

function checkRecord(request: RecordRightsRequest): void {
  const errors: FieldError[] = [];
  if (!RIGHTS_REQUEST_KINDS.includes(request.kind)) {
    errors.push({ field: 'kind', message: `must be one of ${RIGHTS_REQUEST_KINDS.join(', ')}` });
  }
  if (!RIGHTS_SUBJECT_TYPES.includes(request.subject?.type)) {
    errors.push({ field: 'subject.type', message: `must be one of ${RIGHTS_SUBJECT_TYPES.join(', ')}` });
  }
  if (typeof request.subject?.id !== 'string' || !isUuid(request.subject.id)) {
    errors.push({ field: 'subject.id', message: 'must be a UUID' });
  }
  if (!RIGHTS_REQUESTER_TYPES.includes(request.requestedBy?.type)) {
    errors.push({ field: 'requestedBy.type', message: `must be one of ${RIGHTS_REQUESTER_TYPES.join(', ')}` });
  }
  const requesterId = request.requestedBy?.id;
  if (requesterId !== undefined && requesterId !== null && (typeof requesterId !== 'string' || !isUuid(requesterId))) {
    errors.push({ field: 'requestedBy.id', message: 'must be a UUID' });
  }
  if (typeof request.receivedOn !== 'string' || !isCalendarDate(request.receivedOn)) {
    errors.push({ field: 'receivedOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  } else if (request.receivedOn > latestLocalToday()) {
    errors.push({ field: 'receivedOn', message: 'must not be in the future' });
  }
  if (request.notes !== undefined && (typeof request.notes !== 'string' || request.notes.length > MAX_TEXT)) {
    errors.push({ field: 'notes', message: `must be a text of at most ${MAX_TEXT} characters` });
  }
  if (errors.length) throw BusException.validation(errors);
}

export function nonEmptyText(value: unknown): value is string {
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

/** The request with everything done for it, for the register's detail view. */
export async function detailOf(requests: RightsRequestRepository, row: RightsRequest): Promise<RightsRequestDetail> {
  const exports = await requests.exportsOf(row.id);
  const actions = await requests.actionsOf(row.id);
  const reminders = await requests.remindersOf(row.id);
  return toDetail(row, utcToday(), exports, actions, reminders);
}

export function toDetail(
  row: RightsRequest,
  today: string,
  exports: RightsExport[],
  actions: RightsAction[],
  reminders: RightsReminder[],
): RightsRequestDetail {
  return {
    ...toView(row, today),
    identityCheck: row.identityCheckedAt
      ? {
          method: row.identityCheckMethod as IdentityCheckMethod,
          note: row.identityCheckNote,
          checkedAt: row.identityCheckedAt.toISOString(),
          checkedBy: row.identityCheckedBy,
        }
      : null,
    identityCheckRequired: identityCheckRequired(row),
    exports: exports.map((e) => ({
      id: e.id,
      producedAt: e.producedAt.toISOString(),
      producedBy: e.producedBy,
      expiresAt: e.expiresAt.toISOString(),
      sizeBytes: e.sizeBytes,
      downloadedAt: e.downloadedAt?.toISOString() ?? null,
      downloadedBy: e.downloadedBy,
    })),
    actions: actions.map((a) => ({
      id: a.id,
      operation: a.operation,
      outcome: a.outcome as RightsActionOutcome,
      errorCode: a.errorCode,
      resultId: a.resultId,
      summary: a.summary,
      performedAt: a.performedAt.toISOString(),
      performedBy: a.performedBy,
    })),
    reminders: reminders.map((r) => ({
      stage: r.stage as RightsReminderStage,
      sentAt: r.sentAt.toISOString(),
      recipients: r.recipients,
    })),
  };
}
