import { defineEvent } from '../events';
import { definePattern } from '../pattern';
import { SessionEndReason } from './auth';

/**
 * P13: who is logged in. A session is active while it has not ended, has not reached its
 * absolute end, and was seen within SESSION_IDLE_MINUTES; idle sessions are ended
 * (reason 'idle') by identity and their tokens refused at once by every gateway.
 */

/** One session's latest request as a gateway saw it. */
export interface SessionActivity {
  sessionId: string;
  /** ISO 8601, by the gateway's clock. */
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Published fire-and-forget by each gateway (no reply is awaited), in batches, at most
 * once per session per ACTIVITY_REPORT_INTERVAL_SECONDS: no bus round trip is added to
 * any request. One identity replica (the queue group) applies a batch in one statement.
 */
export interface SessionActivityReport {
  sessions: SessionActivity[];
}
export const REPORT_SESSION_ACTIVITY = definePattern<SessionActivityReport, { updated: number }>(
  'identity.session.report-activity',
);

export interface ActiveSessionView {
  id: string;
  /** The school; null for platform staff. */
  schoolId: string | null;
  userId: string;
  username: string;
  userKind: 'staff' | 'platform';
  roles: string[];
  signedInAt: string;
  lastSeenAt: string;
  /** Client IP and user agent at sign-in. */
  ip: string | null;
  userAgent: string | null;
  /** Client IP and user agent of the latest reported request (may differ from the sign-in ones). */
  lastSeenIp: string | null;
  lastSeenUserAgent: string | null;
}

export interface ActiveSessionPage {
  items: ActiveSessionView[];
  nextCursor: string | null;
}

/**
 * Ops (ops:sessions) list the whole platform's active sessions or one school's
 * (`schoolId`); a school admin (sessions:manage) lists their own school's only, newest
 * sign-in first.
 */
export interface ListActiveSessionsRequest {
  schoolId?: string;
  limit: number;
  cursor?: string;
}

export const LIST_ACTIVE_SESSIONS = definePattern<ListActiveSessionsRequest, ActiveSessionPage>(
  'identity.session.list-active',
);

export interface SchoolSessionCount {
  /** null: platform staff, who have no school. */
  schoolId: string | null;
  active: number;
}

export interface ActiveSessionSummary {
  /** When the counts were taken (identity's clock). */
  at: string;
  idleMinutes: number;
  total: number;
  /** Most active first. */
  schools: SchoolSessionCount[];
}
export const ACTIVE_SESSION_SUMMARY = definePattern<Record<string, never>, ActiveSessionSummary>(
  'identity.session.summary',
);

export interface EndSessionRequest {
  sessionId: string;
  /** Why (kept with the session, never put in events or logs); required for ops. */
  reason?: string;
}

export interface EndedSessionView {
  sessionId: string;
  endedAt: string;
  reason: SessionEndReason;
}

/**
 * Ops end any session; a school admin ends one of their own school's (another school's
 * id answers 404). Its tokens stop working at once on every gateway replica.
 */
export const END_SESSION = definePattern<EndSessionRequest, EndedSessionView>('identity.session.end');

/** Audit: who ended whose session (ids only; the reason text stays with the session). */
export const SESSION_ENDED_BY_ADMIN = defineEvent<{ sessionId: string; userId: string; by: 'ops' | 'school_admin' }>(
  'evt.identity.session.ended-by-admin',
);
