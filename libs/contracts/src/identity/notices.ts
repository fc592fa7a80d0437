import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** What a platform notice to a school is about. */
export type NoticeSubject = 'breach';

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
  incidentId: string;
  title: string;
  body: string;
  detectedAt: string;
  /** detectedAt + 72 hours: when the school's own report to the ICO is due. */
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

export const NOTICE_CREATED = defineEvent<{
  noticeId: string;
  schoolId: string;
  incidentId: string;
  recipients: number;
}>('evt.identity.notice.created');
