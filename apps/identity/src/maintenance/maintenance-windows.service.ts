import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  BeginMaintenanceWorkRequest,
  CreateMaintenanceWindowRequest,
  FieldError,
  isUuid,
  MAINTENANCE_WINDOW_CANCELLED,
  MAINTENANCE_WINDOW_CHANGED,
  MAINTENANCE_MODES,
  MAINTENANCE_WINDOW_SCHEDULED,
  MAINTENANCE_WORK_BEGUN,
  MaintenanceCalendarEntry,
  MaintenanceMode,
  MaintenancePreflight,
  MaintenanceScope,
  MaintenanceSnapshotView,
  MaintenanceWindowPage,
  MaintenanceWindowView,
  MessageContext,
  UpdateMaintenanceWindowRequest,
} from '@pt/contracts';
import { pageOf, PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, checkVersion, Clock, stageEvent, uuid7 } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { ActiveSessionsService } from '../sessions/active-sessions.service';
import { LiveSessionRow, SessionRepository } from '../sessions/session.repository';
import { cursorAfter } from '../users/user-rules';
import { MaintenanceCalendar } from './maintenance-calendar';
import { phaseOf, toCalendarEntry, toWindowView } from './maintenance-schedule';
import { MaintenanceWindow } from './maintenance-window.entity';
import { MaintenanceRepository } from './maintenance.repository';

const MAX_WINDOW_MS = 7 * 24 * 3600_000;
const MAX_SCHOOLS = 1000;
/** Live sessions listed in a pre-flight or a 409 (the count is always complete). */
const LISTED_SESSIONS = 1000;

const windowNotFound = () => BusException.notFound('maintenance.not_found', 'The maintenance window does not exist');

/**
 * P13: ops (ops:maintenance) schedule, change and cancel maintenance windows, read what
 * the scheduler recorded, check who is still logged in, and begin work, which is refused
 * while anyone in scope is logged in unless forced with a reason (recorded and audited).
 */
@Injectable()
export class MaintenanceWindowsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
    private readonly calendar: MaintenanceCalendar,
    private readonly sessions: ActiveSessionsService,
  ) {}

  async create(ctx: MessageContext, request: CreateMaintenanceWindowRequest): Promise<MaintenanceWindowView> {
    const now = this.clock.now();
    const startsAt = timeOf(request?.startsAt, 'startsAt');
    const endsAt = timeOf(request?.endsAt, 'endsAt');
    const reason = reasonOf(request?.reason, 'reason');
    const schoolIds = schoolIdsOf(request?.scope);
    const mode = request?.mode === undefined ? 'offline' : modeOf(request.mode);
    checkTimes(startsAt, endsAt, now, true);
    const view = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      await checkSchoolsExist(em, schoolIds);
      const window = new MaintenanceWindow();
      Object.assign(window, {
        id: uuid7(),
        startsAt,
        endsAt,
        reason,
        schoolIds,
        mode,
        leadMinutes: this.config.maintenanceLeadMinutes,
        createdBy: ctx.actor.id,
        createdAt: now,
      });
      new MaintenanceRepository(em).add(window);
      stageEvent(em, MAINTENANCE_WINDOW_SCHEDULED, ctx, { windowId: window.id, schoolIds });
      return () => toWindowView(window, now);
    });
    this.calendar.announce();
    return view();
  }

  async list(request: { limit: number; cursor?: string }): Promise<MaintenanceWindowPage> {
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, 200)) : 50;
    const after = cursorAfter(request.cursor, 'time');
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new MaintenanceRepository(em).page(limit, after));
    const now = this.clock.now();
    const page = pageOf(rows, limit, (window) => ({ key: window.startsAt.toISOString(), id: window.id }));
    return { items: page.items.map((window) => toWindowView(window, now)), nextCursor: page.nextCursor };
  }

  async get(windowId: string): Promise<MaintenanceWindowView> {
    const window = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => this.find(em, windowId));
    return toWindowView(window, this.clock.now());
  }

  /**
   * Before the start anything may change (a new start reschedules every step); once
   * started only the end and the reason (not the scope or the mode: the start ended
   * sessions, or did not, by them); a cancelled or finished window not at all.
   */
  async update(ctx: MessageContext, request: UpdateMaintenanceWindowRequest): Promise<MaintenanceWindowView> {
    const changes = request?.changes ?? {};
    const now = this.clock.now();
    const startsAt = changes.startsAt === undefined ? undefined : timeOf(changes.startsAt, 'startsAt');
    const endsAt = changes.endsAt === undefined ? undefined : timeOf(changes.endsAt, 'endsAt');
    const reason = changes.reason === undefined ? undefined : reasonOf(changes.reason, 'reason');
    const schoolIds = changes.scope === undefined ? undefined : schoolIdsOf(changes.scope);
    const mode = changes.mode === undefined ? undefined : modeOf(changes.mode);
    const view = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const window = await this.find(em, request.windowId, true);
      checkVersion(window.version, request.expectedVersion);
      assertChangeable(window, now);
      const started = window.startsAt <= now;
      if (started && (startsAt !== undefined || schoolIds !== undefined || mode !== undefined)) {
        throw BusException.conflict(
          'maintenance.already_started',
          'The window has started: only its end and reason can change',
        );
      }
      const nextStart = startsAt ?? window.startsAt;
      const nextEnd = endsAt ?? window.endsAt;
      checkTimes(nextStart, nextEnd, now, startsAt !== undefined);
      if (started && nextEnd <= now) {
        throw BusException.validation([{ field: 'endsAt', message: 'must be in the future (cancel to end it now)' }]);
      }
      if (schoolIds !== undefined) await checkSchoolsExist(em, schoolIds);
      if (startsAt !== undefined && startsAt.getTime() !== window.startsAt.getTime()) {
        window.startsAt = startsAt;
        window.scheduleGeneration += 1;
      }
      if (endsAt !== undefined) window.endsAt = endsAt;
      if (reason !== undefined) window.reason = reason;
      if (schoolIds !== undefined) window.schoolIds = schoolIds;
      if (mode !== undefined) window.mode = mode;
      await em.flush();
      stageEvent(em, MAINTENANCE_WINDOW_CHANGED, ctx, { windowId: window.id, version: window.version });
      return () => toWindowView(window, now);
    });
    this.calendar.announce();
    return view();
  }

  async cancel(ctx: MessageContext, request: { windowId: string; expectedVersion: number | null }) {
    const now = this.clock.now();
    const view = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const window = await this.find(em, request.windowId, true);
      checkVersion(window.version, request.expectedVersion);
      assertChangeable(window, now);
      window.cancelledAt = now;
      window.cancelledBy = ctx.actor.id;
      await em.flush();
      stageEvent(em, MAINTENANCE_WINDOW_CANCELLED, ctx, { windowId: window.id });
      return () => toWindowView(window, now);
    });
    this.calendar.announce();
    return view();
  }

  async snapshots(windowId: string): Promise<{ items: MaintenanceSnapshotView[] }> {
    const steps = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      await this.find(em, windowId);
      return new MaintenanceRepository(em).snapshots(windowId);
    });
    return {
      items: steps.map((step) => ({
        step: step.step,
        dueAt: step.dueAt.toISOString(),
        takenAt: step.takenAt.toISOString(),
        mode: step.mode,
        sessionIds: step.sessionIds,
        userIds: step.userIds,
        schoolIds: step.schoolIds,
        sessionCount: step.sessionCount,
        userCount: step.userCount,
        schoolCount: step.schoolCount,
        endedSessions: step.endedSessions,
      })),
    };
  }

  async preflight(windowId: string): Promise<MaintenancePreflight> {
    const active = this.sessions.activeness();
    const { mode, live } = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const window = await this.find(em, windowId);
      const sessions = await new SessionRepository(em).activeInScope(active, { schoolIds: window.schoolIds });
      return { mode: window.mode, live: sessions };
    });
    return { windowId, mode, at: active.now.toISOString(), ...liveListing(live) };
  }

  /**
   * Records that work begins. Refused (409 `maintenance.sessions_live`, listing them)
   * while sessions in scope are live, unless `force` with a reason, which is recorded with
   * the sessions that were live, and audited.
   */
  async beginWork(ctx: MessageContext, request: BeginMaintenanceWorkRequest): Promise<MaintenanceWindowView> {
    const force = request?.force === true;
    const forceReason = force ? reasonOf(request.reason, 'reason') : null;
    const active = this.sessions.activeness();
    const view = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const window = await this.find(em, request.windowId, true);
      assertChangeable(window, active.now);
      if (window.workBegunAt) {
        throw BusException.conflict('maintenance.work_already_begun', 'Work on this window has already begun');
      }
      const live = await new SessionRepository(em).activeInScope(active, { schoolIds: window.schoolIds });
      if (live.length && !force) {
        throw BusException.conflict(
          'maintenance.sessions_live',
          'Users in the scope of this window are still logged in; end their sessions or force with a reason',
          liveListing(live) as unknown as Record<string, unknown>,
        );
      }
      window.workBegunAt = active.now;
      window.workBegunBy = ctx.actor.id;
      window.workForced = live.length > 0;
      window.workForceReason = live.length > 0 ? forceReason : null;
      window.workForcedSessionIds = live.length > 0 ? live.map((session) => session.id) : null;
      await em.flush();
      stageEvent(em, MAINTENANCE_WORK_BEGUN, ctx, {
        windowId: window.id,
        forced: window.workForced,
        liveSessionIds: live.map((session) => session.id),
      });
      return () => toWindowView(window, active.now);
    });
    return view();
  }

  /** For gateways' caches. */
  async current(): Promise<{ windows: MaintenanceCalendarEntry[] }> {
    const windows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new MaintenanceRepository(em).current(this.clock.now()),
    );
    return { windows: windows.map(toCalendarEntry) };
  }

  private async find(em: EntityManager, windowId: string, lock = false): Promise<MaintenanceWindow> {
    if (typeof windowId !== 'string' || !isUuid(windowId)) throw windowNotFound();
    const repository = new MaintenanceRepository(em);
    const window = lock ? await repository.findForUpdate(windowId) : await repository.findById(windowId);
    if (!window) throw windowNotFound();
    return window;
  }
}

function liveListing(live: LiveSessionRow[]) {
  return {
    liveSessions: live.length,
    sessions: live.slice(0, LISTED_SESSIONS).map((session) => ({
      sessionId: session.id,
      userId: session.userId,
      schoolId: session.tenantId,
      lastSeenAt: session.lastSeenAt.toISOString(),
    })),
  };
}

function assertChangeable(window: MaintenanceWindow, now: Date): void {
  const phase = phaseOf(window, now);
  if (phase === 'cancelled') throw BusException.conflict('maintenance.cancelled', 'The window has been cancelled');
  if (phase === 'completed') throw BusException.conflict('maintenance.over', 'The window is over');
}

function timeOf(value: unknown, field: string): Date {
  const time = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(time.getTime())) throw invalid(field, 'must be an ISO 8601 date-time');
  return time;
}

function reasonOf(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw invalid(field, 'is required');
  if (text.length > 500) throw invalid(field, 'must be at most 500 characters');
  return text;
}

function modeOf(value: unknown): MaintenanceMode {
  if (!(MAINTENANCE_MODES as readonly unknown[]).includes(value)) {
    throw invalid('mode', `must be one of ${MAINTENANCE_MODES.join(', ')}`);
  }
  return value as MaintenanceMode;
}

/** null for the whole platform; the schools otherwise (deduplicated). */
function schoolIdsOf(scope: MaintenanceScope | undefined): string[] | null {
  if (scope?.kind === 'platform') return null;
  if (scope?.kind !== 'schools') throw invalid('scope.kind', "must be 'platform' or 'schools'");
  const ids = Array.isArray(scope.schoolIds) ? scope.schoolIds : [];
  if (!ids.length || ids.length > MAX_SCHOOLS)
    throw invalid('scope.schoolIds', `must list 1 to ${MAX_SCHOOLS} schools`);
  if (ids.some((id) => typeof id !== 'string' || !isUuid(id))) throw invalid('scope.schoolIds', 'must be UUIDs');
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

function checkTimes(startsAt: Date, endsAt: Date, now: Date, startChanged: boolean): void {
  const errors: FieldError[] = [];
  if (startChanged && startsAt <= now) errors.push({ field: 'startsAt', message: 'must be in the future' });
  if (endsAt <= startsAt) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
  else if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_MS) {
    errors.push({ field: 'endsAt', message: 'must be at most 7 days after startsAt' });
  }
  if (errors.length) throw BusException.validation(errors);
}

async function checkSchoolsExist(em: EntityManager, schoolIds: string[] | null): Promise<void> {
  if (!schoolIds) return;
  const existing = await new MaintenanceRepository(em).existingSchoolIds(schoolIds);
  if (existing.size !== schoolIds.length) throw invalid('scope.schoolIds', 'names a school that does not exist');
}

function invalid(field: string, message: string): BusException {
  return BusException.validation([{ field, message }]);
}
