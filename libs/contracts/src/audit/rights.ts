import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** The data-subject rights a school records in its register (P21, P22). */
export const RIGHTS_REQUEST_KINDS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'objection',
  'portability',
  'consent-withdrawal',
] as const;
export type RightsRequestKind = (typeof RIGHTS_REQUEST_KINDS)[number];

/** Whose data the request is about: referenced by kind and id, never by name. */
export const RIGHTS_SUBJECT_TYPES = ['pupil', 'parent', 'staff'] as const;
export type RightsSubjectType = (typeof RIGHTS_SUBJECT_TYPES)[number];

/** Who made the request (someone acting for the subject may have no id in the system). */
export const RIGHTS_REQUESTER_TYPES = ['pupil', 'parent', 'staff', 'other'] as const;
export type RightsRequesterType = (typeof RIGHTS_REQUESTER_TYPES)[number];

export const RIGHTS_REQUEST_OUTCOMES = ['done', 'refused', 'partly-done'] as const;
export type RightsRequestOutcome = (typeof RIGHTS_REQUEST_OUTCOMES)[number];

export const RIGHTS_REQUEST_STATUSES = ['open', 'completed'] as const;
export type RightsRequestStatus = (typeof RIGHTS_REQUEST_STATUSES)[number];

/** Whose data a request is about: by kind and id, never by name. */
export interface RightsSubjectRef {
  type: RightsSubjectType;
  id: string;
}

/** Who made a request; someone acting for the subject may have no id in the system. */
export interface RightsRequesterRef {
  type: RightsRequesterType;
  id?: string;
}

export interface RecordRightsRequest {
  kind: RightsRequestKind;
  subject: RightsSubjectRef;
  requestedBy: RightsRequesterRef;
  /** The day the request was received (`YYYY-MM-DD`): day one of the calendar month. */
  receivedOn: string;
  notes?: string;
}

export interface ExtendRightsRequest {
  requestId: string;
  months: 1 | 2;
  reason: string;
}

export interface CompleteRightsRequest {
  requestId: string;
  outcome: RightsRequestOutcome;
  summary: string;
}

export interface ListRightsRequests {
  status?: RightsRequestStatus;
  overdue?: boolean;
  limit: number;
  cursor?: string;
}

export interface RightsRequestView {
  id: string;
  kind: RightsRequestKind;
  subject: { type: RightsSubjectType; id: string };
  requestedBy: { type: RightsRequesterType; id: string | null };
  receivedOn: string;
  notes: string | null;
  status: RightsRequestStatus;
  /** receivedOn + one calendar month (ICO rule for month ends). */
  dueOn: string;
  /** The due date after an extension; null when not extended. */
  extendedTo: string | null;
  extension: { months: number; reason: string; extendedAt: string; extendedBy: string | null } | null;
  /** Days from today (UTC) to the current due date; negative once past; null when completed. */
  daysLeft: number | null;
  /** Not completed and today (UTC) is after the current due date. */
  overdue: boolean;
  completion: {
    outcome: RightsRequestOutcome;
    summary: string;
    completedAt: string;
    completedBy: string | null;
  } | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface RightsRequestPage {
  items: RightsRequestView[];
  nextCursor: string | null;
}

export const RECORD_RIGHTS_REQUEST = definePattern<RecordRightsRequest, RightsRequestView>('audit.rights.record');
export const LIST_RIGHTS_REQUESTS = definePattern<ListRightsRequests, RightsRequestPage>('audit.rights.list');
/** One request with its identity check, exports, actions and reminders. */
export const GET_RIGHTS_REQUEST = definePattern<{ requestId: string }, RightsRequestDetail>('audit.rights.get');
export const EXTEND_RIGHTS_REQUEST = definePattern<ExtendRightsRequest, RightsRequestView>('audit.rights.extend');
export const COMPLETE_RIGHTS_REQUEST = definePattern<CompleteRightsRequest, RightsRequestView>('audit.rights.complete');

/** Ids and codes only: the register's notes, reasons and summaries never leave it. */
export const RIGHTS_REQUEST_RECORDED = defineEvent<{
  requestId: string;
  kind: RightsRequestKind;
  subjectType: RightsSubjectType;
  subjectId: string;
  dueOn: string;
}>('evt.audit.rights-request.recorded');
export const RIGHTS_REQUEST_EXTENDED = defineEvent<{ requestId: string; months: number; extendedTo: string }>(
  'evt.audit.rights-request.extended',
);
export const RIGHTS_REQUEST_COMPLETED = defineEvent<{ requestId: string; outcome: RightsRequestOutcome }>(
  'evt.audit.rights-request.completed',
);

// Identity check (P21): who asked about a pupil or a parent must be identified first.

/** How staff satisfied themselves of the requester's identity. */
export const IDENTITY_CHECK_METHODS = [
  'photo-id-in-person',
  'known-to-staff',
  'documents-checked',
  'contact-details-on-record',
  'other',
] as const;
export type IdentityCheckMethod = (typeof IDENTITY_CHECK_METHODS)[number];

/**
 * Subjects for whom a request cannot be fulfilled until the requester's identity has been
 * checked. Staff subjects are the school's own employees, known to it through employment,
 * so the check is optional for them (it can still be recorded).
 */
export const IDENTITY_CHECKED_SUBJECTS: readonly RightsSubjectType[] = ['pupil', 'parent'];

export interface RecordIdentityCheck {
  requestId: string;
  method: IdentityCheckMethod;
  /** When the check was made (ISO 8601, not in the future); defaults to now. */
  checkedAt?: string;
  /** Required when `method` is `other`: what was checked (never copies of documents). */
  note?: string;
}

export interface IdentityCheckView {
  method: IdentityCheckMethod;
  note: string | null;
  checkedAt: string;
  checkedBy: string | null;
}

// Subject-access and portability exports (P21)

export interface ExportRightsRequest {
  requestId: string;
}

/** The one-time link to the bundle: usable once, by staff of the same school with rights:manage. */
export interface RightsExportLink {
  exportId: string;
  downloadUrl: string;
  expiresAt: string;
  /** Each service asked and whether it held anything about the subject. */
  sections: { service: string; found: boolean }[];
}

export interface RightsExportView {
  id: string;
  producedAt: string;
  producedBy: string | null;
  expiresAt: string;
  sizeBytes: number;
  downloadedAt: string | null;
  downloadedBy: string | null;
}

/** What the gateway needs to hand the bundle over; the link is spent by this answer. */
export interface RightsDownload {
  exportId: string;
  storeName: string;
  fileName: string;
  contentType: string;
}

/**
 * The bundle's layout (`rights-export-<request id>.json`): one JSON document, the sections
 * as each service answered, and the files they listed (a pupil's CTF) embedded in base64.
 */
export interface RightsExportBundle {
  format: 'pupil-tracking.subject-export.v1';
  request: { id: string; kind: RightsRequestKind; subject: { type: RightsSubjectType; id: string } };
  generatedAt: string;
  sections: Array<{
    service: string;
    found: boolean;
    records: Record<string, unknown[]>;
    files: { fileName: string; contentType: string; sizeBytes: number; sha256: string; contentBase64: string }[];
  }>;
}

// Operations carried out for erasure, restriction and objection requests (P22)

export const RIGHTS_ACTION_OUTCOMES = ['done', 'refused', 'recorded'] as const;
export type RightsActionOutcome = (typeof RIGHTS_ACTION_OUTCOMES)[number];

export interface RunRightsAction {
  requestId: string;
  /**
   * Why, in staff's words (kept in the register, passed to the owning service as its reason).
   * For rectification and consent withdrawal, which the school carries out through the
   * ordinary APIs, this is the record of what was done.
   */
  summary: string;
}

export interface RightsActionView {
  id: string;
  /** The owning service's operation (`pupil-records.pupil.erase`, `identity.user.remove`, …) or `recorded`. */
  operation: string;
  outcome: RightsActionOutcome;
  /** The service's error code when it refused. */
  errorCode: string | null;
  /** The id of what the service made (an erasure, a restriction), when it gives one. */
  resultId: string | null;
  summary: string;
  performedAt: string;
  performedBy: string | null;
}

// Reminders (P21): open requests due soon or overdue, once per request and stage.

export const RIGHTS_REMINDER_STAGES = ['due-soon', 'overdue'] as const;
export type RightsReminderStage = (typeof RIGHTS_REMINDER_STAGES)[number];

export interface RightsReminderRun {
  /** Reminders sent in this run (a request and stage already reminded is not counted again). */
  sent: number;
  /** Reminders that could not be sent now (identity unreachable); tried again next run. */
  failed: number;
}

export interface RightsRequestDetail extends RightsRequestView {
  identityCheck: IdentityCheckView | null;
  /** Whether the request can be fulfilled yet (false until the identity check for pupils and parents). */
  identityCheckRequired: boolean;
  exports: RightsExportView[];
  actions: RightsActionView[];
  reminders: { stage: RightsReminderStage; sentAt: string; recipients: number }[];
}

export const RECORD_IDENTITY_CHECK = definePattern<RecordIdentityCheck, RightsRequestDetail>(
  'audit.rights.identity-check',
);
export const EXPORT_RIGHTS_REQUEST = definePattern<ExportRightsRequest, RightsExportLink>('audit.rights.export');
export const REDEEM_RIGHTS_DOWNLOAD = definePattern<{ token: string }, RightsDownload>('audit.rights.redeem-download');
export const RUN_RIGHTS_ACTION = definePattern<RunRightsAction, RightsRequestDetail>('audit.rights.action');
/** Platform auditors: send due reminders now (they are also sent on a schedule). */
export const RUN_RIGHTS_REMINDERS = definePattern<Record<string, never>, RightsReminderRun>('audit.rights.remind');

export const RIGHTS_IDENTITY_CHECKED = defineEvent<{ requestId: string; method: IdentityCheckMethod }>(
  'evt.audit.rights-request.identity-checked',
);
export const RIGHTS_EXPORT_PRODUCED = defineEvent<{ requestId: string; exportId: string; services: string[] }>(
  'evt.audit.rights-request.export-produced',
);
export const RIGHTS_EXPORT_DOWNLOADED = defineEvent<{ requestId: string; exportId: string }>(
  'evt.audit.rights-request.export-downloaded',
);
export const RIGHTS_ACTION_TAKEN = defineEvent<{
  requestId: string;
  actionId: string;
  operation: string;
  outcome: RightsActionOutcome;
  errorCode: string | null;
}>('evt.audit.rights-request.action-taken');
export const RIGHTS_REMINDER_SENT = defineEvent<{ requestId: string; stage: RightsReminderStage; recipients: number }>(
  'evt.audit.rights-request.reminder-sent',
);
