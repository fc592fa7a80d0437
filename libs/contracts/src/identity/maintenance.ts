import type { NoticeView } from './notices';
import { defineBroadcast } from '../broadcast';
import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * P13: maintenance windows. Nobody in scope is logged in while work is done: who is
 * logged in is recorded at each lead time and at the start, users in scope are warned
 * from the first lead time, and from start to end sign-ins and requests in scope are
 * refused (503 `maintenance.in_progress`) and sessions in scope are ended. Ops and
 * platform admins are never blocked.
 */
export type MaintenanceScope = { kind: 'platform' } | { kind: 'schools'; schoolIds: string[] };

/**
 * `offline`: from start to end every request and sign-in in scope is refused and the
 * scope's sessions are ended at the start. `read-only`: sessions stay, sign-ins and reads
 * work, and every write is refused (503 `maintenance.read_only`, Retry-After) until the end.
 */
export type MaintenanceMode = 'read-only' | 'offline';
export const MAINTENANCE_MODES: readonly MaintenanceMode[] = ['read-only', 'offline'];

export type MaintenancePhase = 'scheduled' | 'warning' | 'in_progress' | 'completed' | 'cancelled';

/** Roles never blocked by a window, nor counted as logged-in users in its scope. */
export const MAINTENANCE_EXEMPT_ROLES = ['ops', 'platform-admin'] as const;

export interface MaintenanceWindowView {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  scope: MaintenanceScope;
  mode: MaintenanceMode;
  phase: MaintenancePhase;
  /** Minutes before the start at which who is logged in is recorded (then also at the start). */
  leadMinutes: number[];
  /** From when users in scope are warned: the first lead time. */
  warnFrom: string;
  startedAt: string | null;
  cancelledAt: string | null;
  workBegunAt: string | null;
  /** Work was begun although sessions in scope were live; the reason is recorded. */
  workForced: boolean;
  workForceReason: string | null;
  createdAt: string;
  version: number;
}

export interface CreateMaintenanceWindowRequest {
  startsAt: string;
  endsAt: string;
  reason: string;
  scope: MaintenanceScope;
  /** Default `offline`. */
  mode?: MaintenanceMode;
}

export interface UpdateMaintenanceWindowRequest {
  windowId: string;
  /** The version the change was made against (If-Match); null: `*`. */
  expectedVersion: number | null;
  changes: Partial<CreateMaintenanceWindowRequest>;
}

export interface MaintenanceWindowPage {
  items: MaintenanceWindowView[];
  nextCursor: string | null;
}

/** A record of who was logged in within a window's scope at one of its steps. */
export interface MaintenanceSnapshotView {
  /** `lead-<minutes>` or `start`. */
  step: string;
  dueAt: string;
  takenAt: string;
  /** The window's mode when the step was taken: whether those logged in were to be cut off or kept reading. */
  mode: MaintenanceMode;
  sessionIds: string[];
  userIds: string[];
  schoolIds: string[];
  sessionCount: number;
  userCount: number;
  schoolCount: number;
  /** At `start`: how many sessions in scope were ended. */
  endedSessions: number;
}

export interface LiveSessionRef {
  sessionId: string;
  userId: string;
  schoolId: string | null;
  lastSeenAt: string;
}

export interface MaintenancePreflight {
  windowId: string;
  /** What the live sessions will meet: cut off at the start (`offline`) or kept reading (`read-only`). */
  mode: MaintenanceMode;
  at: string;
  liveSessions: number;
  sessions: LiveSessionRef[];
}

export interface BeginMaintenanceWorkRequest {
  windowId: string;
  force?: boolean;
  reason?: string;
}

/** What a gateway (or identity's sign-in) needs to know about a window, cached in memory. */
export interface MaintenanceCalendarEntry {
  id: string;
  startsAt: string;
  endsAt: string;
  warnFrom: string;
  scope: MaintenanceScope;
  mode: MaintenanceMode;
  /** Ops' words, shown to the users in scope. */
  reason: string;
}

/** An entry of `GET /api/v1/me/notices` warning of maintenance in the user's scope. */
export interface MaintenanceNotice {
  kind: 'maintenance';
  windowId: string;
  title: string;
  /** The whole warning in one sentence (times as ISO timestamps), for clients that show text as it comes. */
  body: string;
  /** The ops' reason as they gave it, for a client that says the times in words of its own. */
  reason: string;
  startsAt: string;
  endsAt: string;
  mode: MaintenanceMode;
  inProgress: boolean;
}

/**
 * `GET /api/v1/me/notices`: maintenance warnings in the user's scope (first page only), then
 * the school's notices. Composed by the gateway, so not a pattern's reply: listed among
 * GATEWAY_ANSWERS for the API document.
 */
export interface MeNoticePage {
  items: Array<MaintenanceNotice | (NoticeView & { kind: 'school' })>;
  nextCursor: string | null;
}

export const CREATE_MAINTENANCE_WINDOW = definePattern<CreateMaintenanceWindowRequest, MaintenanceWindowView>(
  'identity.maintenance-window.create',
);
export const LIST_MAINTENANCE_WINDOWS = definePattern<{ limit: number; cursor?: string }, MaintenanceWindowPage>(
  'identity.maintenance-window.list',
);
export const GET_MAINTENANCE_WINDOW = definePattern<{ windowId: string }, MaintenanceWindowView>(
  'identity.maintenance-window.get',
);
export const UPDATE_MAINTENANCE_WINDOW = definePattern<UpdateMaintenanceWindowRequest, MaintenanceWindowView>(
  'identity.maintenance-window.update',
);
export const CANCEL_MAINTENANCE_WINDOW = definePattern<
  { windowId: string; expectedVersion: number | null },
  MaintenanceWindowView
>('identity.maintenance-window.cancel');
export const LIST_MAINTENANCE_SNAPSHOTS = definePattern<{ windowId: string }, { items: MaintenanceSnapshotView[] }>(
  'identity.maintenance-window.snapshots',
);
export const MAINTENANCE_PREFLIGHT = definePattern<{ windowId: string }, MaintenancePreflight>(
  'identity.maintenance-window.preflight',
);
/** 409 `maintenance.sessions_live` listing them while sessions in scope are live, unless forced with a reason. */
export const BEGIN_MAINTENANCE_WORK = definePattern<BeginMaintenanceWorkRequest, MaintenanceWindowView>(
  'identity.maintenance-window.begin-work',
);
/** Windows not cancelled and not over: what gateways cache. */
export const CURRENT_MAINTENANCE_WINDOWS = definePattern<
  Record<string, never>,
  { windows: MaintenanceCalendarEntry[] }
>('identity.maintenance-window.current');

/** Broadcast (core NATS) whenever a window is created, changed, cancelled or started: caches reload. */
export const MAINTENANCE_WINDOWS_CHANGED_BROADCAST = defineBroadcast('identity.maintenance.changed');
export const MAINTENANCE_WINDOWS_CHANGED_SUBJECT = MAINTENANCE_WINDOWS_CHANGED_BROADCAST.subject;

/**
 * NODE_ENV=test only: every process of a stack moves its clock to real time + offsetMs
 * and replies `{ process, offsetMs }`. Never subscribed outside tests.
 */
export interface TestClockSetting {
  offsetMs: number;
}
export interface TestClockReading {
  process: string;
  offsetMs: number;
}
export const TEST_CLOCK_BROADCAST = defineBroadcast<TestClockSetting, TestClockReading>('test.clock.set');
export const TEST_CLOCK_SUBJECT = TEST_CLOCK_BROADCAST.subject;

export const MAINTENANCE_WINDOW_SCHEDULED = defineEvent<{ windowId: string; schoolIds: string[] | null }>(
  'evt.identity.maintenance-window.scheduled',
);
export const MAINTENANCE_WINDOW_CHANGED = defineEvent<{ windowId: string; version: number }>(
  'evt.identity.maintenance-window.changed',
);
export const MAINTENANCE_WINDOW_CANCELLED = defineEvent<{ windowId: string }>(
  'evt.identity.maintenance-window.cancelled',
);
/**
 * One per step, split into parts of at most MAINTENANCE_SNAPSHOT_EVENT_SESSIONS sessions
 * so that a busy platform's snapshot fits in bus messages. Ids only.
 */
export const MAINTENANCE_SNAPSHOT_TAKEN = defineEvent<{
  windowId: string;
  step: string;
  mode: MaintenanceMode;
  part: number;
  parts: number;
  sessionIds: string[];
  userIds: string[];
  schoolIds: string[];
  sessionCount: number;
  userCount: number;
  schoolCount: number;
}>('evt.identity.maintenance-window.snapshot-taken');
export const MAINTENANCE_SNAPSHOT_EVENT_SESSIONS = 2000;
export const MAINTENANCE_STARTED = defineEvent<{ windowId: string; endedSessions: number }>(
  'evt.identity.maintenance-window.started',
);
export const MAINTENANCE_WORK_BEGUN = defineEvent<{ windowId: string; forced: boolean; liveSessionIds: string[] }>(
  'evt.identity.maintenance-window.work-begun',
);
