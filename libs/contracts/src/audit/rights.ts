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

export interface RecordRightsRequest {
  kind: RightsRequestKind;
  subject: { type: RightsSubjectType; id: string };
  requestedBy: { type: RightsRequesterType; id?: string };
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
export const GET_RIGHTS_REQUEST = definePattern<{ requestId: string }, RightsRequestView>('audit.rights.get');
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
