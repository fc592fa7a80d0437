import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * What a platform notice to a school is about: a breach (P23), a rights request due soon or
 * overdue (P21), or its subscription's expiry or its data's purge coming (P25).
 */
export type NoticeSubject = 'breach' | 'rights-due-soon' | 'rights-overdue' | 'subscription-expiry' | 'school-purge';

export interface NotifySchoolAdminsRequest {
  schoolIds: string[];
  subject: NoticeSubject;
  incidentId: string;
  /** ISO 8601; the notice states the 72-hour deadline from it. */
  detectedAt: string;
}

export interface SchoolNotified {
  schoolId: string;
  /** When the school was first notified of this incident (a repeated request returns the same time). */
  notifiedAt: string;
  /** How many of the school's admins were emailed. */
  recipients: number;
}

export interface NotifySchoolAdminsReply {
  schools: SchoolNotified[];
}

export interface NoticeView {
  id: string;
  subject: NoticeSubject;
  /** The breach incident, or the rights request, the notice is about. */
  incidentId: string;
  title: string;
  body: string;
  /** A breach: when it was detected. A rights reminder: the request's due date (00:00 UTC). */
  detectedAt: string;
  /** A breach: detectedAt + 72 hours, when the school's own report to the ICO is due. A rights reminder: the due date. */
  deadline: string;
  createdAt: string;
}

export interface NoticePage {
  items: NoticeView[];
  nextCursor: string | null;
}

/**
 * Platform services (audit's breach register) ask identity to notify each school's admins
 * (active staff who can manage users): an email each and an in-app notice per school.
 * The reply does not wait for mail delivery. Idempotent per school and incident.
 */
export const NOTIFY_SCHOOL_ADMINS = definePattern<NotifySchoolAdminsRequest, NotifySchoolAdminsReply>(
  'identity.school-admins.notify',
);
/** The signed-in staff member's school's notices, newest first. */
export const LIST_NOTICES = definePattern<{ limit: number; cursor?: string }, NoticePage>('identity.notice.list');

/** A reminder about one request in the school's rights register (P21), for the school in ctx. */
export interface NotifyRightsManagersRequest {
  requestId: string;
  stage: 'due-soon' | 'overdue';
  /** The request's current due date (`YYYY-MM-DD`). */
  dueOn: string;
}

/**
 * Audit's rights register asks identity to remind the school's staff who can manage rights
 * requests (rights:manage): an email each and an in-app notice. System actor only;
 * idempotent per request and stage (a repeat returns the first notice's time).
 */
export const NOTIFY_RIGHTS_MANAGERS = definePattern<NotifyRightsManagersRequest, SchoolNotified>(
  'identity.rights-managers.notify',
);

/** Which lifecycle notice billing sends (P25): 30 or 7 days before expiry, or before the purge. */
export type BillingContactNoticeKind = 'expiry-30' | 'expiry-7' | 'purge-30' | 'purge-7';

export interface NotifyBillingContactRequest {
  /** Billing's notice: one notice and one email per id, however often it is asked. */
  noticeId: string;
  kind: BillingContactNoticeKind;
  /** The day announced: the first day of grace, or the purge day (YYYY-MM-DD). */
  day: string;
  /** The school's billing contact (personal data: never logged). */
  to: string;
}

/**
 * Billing's lifecycle asks identity, which sends the platform's mail, to tell the school's
 * billing contact that its subscription expires, or its data is purged, soon; the school's
 * staff also see it in-app. System actor only, for the school in ctx; idempotent per notice.
 */
export const NOTIFY_BILLING_CONTACT = definePattern<NotifyBillingContactRequest, SchoolNotified>(
  'identity.billing-contact.notify',
);

export const NOTICE_CREATED = defineEvent<{
  noticeId: string;
  schoolId: string;
  incidentId: string;
  recipients: number;
}>('evt.identity.notice.created');
