import { Inject, Injectable } from '@nestjs/common';
import {
  MAINTENANCE_SNAPSHOT_EVENT_SESSIONS,
  MAINTENANCE_SNAPSHOT_TAKEN,
  MAINTENANCE_STARTED,
  maintenanceEndsSessions,
  MaintenanceMode,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Clock, describeError, PeriodicJob, PeriodicJobs, PLATFORM_LOGGER, stageEvent } from '@pt/platform';
import { hostname } from 'node:os';
import { Logger } from 'pino';
import { IdentityConfig } from '../identity.config';
import { ActiveSessionsService } from '../sessions/active-sessions.service';
import { SessionRevocation } from '../sessions/session-revocation';
import { LiveSessionRow, SessionRepository } from '../sessions/session.repository';
import { MaintenanceCalendar } from './maintenance-calendar';
import { dueSteps, ScheduleStep, START_STEP, stepsOf } from './maintenance-schedule';
import { MaintenanceWindow } from './maintenance-window.entity';
import { MaintenanceRepository } from './maintenance.repository';

const SYSTEM_CTX = { tenantId: null, actor: SYSTEM_ACTOR, requestId: 'maintenance-scheduler' };

/**
 * P13: takes each window's steps (a snapshot of who is logged in at every lead time; at
 * the start also ending every session in scope) exactly once, however many identity
 * replicas run. Every replica ticks and takes whatever is due and not yet taken, so a
 * replica that was down (or a platform restarted in the middle of the lead times) takes
 * the missed steps at once. A step is claimed by inserting its row, in the transaction
 * that records it: the unique (window, generation, step) key lets only one replica in.
 */
@Injectable()
export class MaintenanceScheduler {
  /** One tick at a time per replica; a tick that overruns makes the next one skip. */
  readonly job: PeriodicJob<void>;
  private readonly replica = `${hostname()}:${process.pid}`;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
    private readonly calendar: MaintenanceCalendar,
    private readonly sessions: ActiveSessionsService,
    private readonly revocation: SessionRevocation,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    jobs: PeriodicJobs,
  ) {
    // Every replica ticks: each keeps its own calendar, and claiming a step lets only one in.
    this.job = jobs.define({
      name: 'maintenance-scheduler',
      everyMs: config.MAINTENANCE_TICK_MS,
      replicas: 'each-replica',
      // Steps missed while no replica ran are taken now, not a tick later.
      runAtStart: true,
      run: () => this.tick(),
    });
  }

  private async tick(): Promise<void> {
    try {
      const now = this.clock.now();
      const { windows, taken } = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
        const repository = new MaintenanceRepository(em);
        const current = await repository.current(now);
        return { windows: current, taken: await repository.takenSteps(current.map((w) => w.id)) };
      });
      this.calendar.replace(windows);
      for (const window of windows) {
        for (const step of dueSteps(window, now, taken.get(window.id))) await this.take(window, step);
      }
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'maintenance tick failed; retrying on the next tick');
    }
  }

  private async take(loaded: MaintenanceWindow, step: ScheduleStep): Promise<void> {
    const outcome = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const windows = new MaintenanceRepository(em);
      // Under the window's lock: a change made since the tick read it (a new start, a
      // cancellation) wins, and the step is left to the schedule it now has.
      const window = await windows.findForUpdate(loaded.id);
      const now = this.clock.now();
      if (
        !window ||
        window.cancelledAt ||
        window.scheduleGeneration !== loaded.scheduleGeneration ||
        !stepsOf(window).some((s) => s.step === step.step && s.dueAt <= now)
      ) {
        return null;
      }
      const stepId = await windows.claimStep({
        windowId: window.id,
        generation: window.scheduleGeneration,
        step: step.step,
        dueAt: step.dueAt,
        takenAt: now,
        takenBy: this.replica,
      });
      if (!stepId) return null;
      const scope = { schoolIds: window.schoolIds };
      const sessions = new SessionRepository(em);
      const live = await sessions.activeInScope(this.sessions.activeness(), scope);
      // A read-only window's start ends nobody: its users keep reading, and the gateway refuses their writes.
      const ends = step.step === START_STEP && maintenanceEndsSessions(window);
      const ended = ends ? await sessions.endInScope(now, scope, 'maintenance') : [];
      this.revocation.recordEnded(em, ended, 'maintenance', SYSTEM_CTX);
      const snapshot = snapshotOf(live);
      await windows.recordSnapshot(stepId, { ...snapshot, mode: window.mode, endedSessions: ended.length });
      stageSnapshotEvents(em, window.id, step.step, window.mode, snapshot);
      if (step.step === START_STEP) {
        window.startedAt = now;
        stageEvent(em, MAINTENANCE_STARTED, SYSTEM_CTX, { windowId: window.id, endedSessions: ended.length });
      }
      return { ended: ended.map((session) => session.id), live: live.length };
    });
    if (!outcome) return;
    this.logger.info(
      { windowId: loaded.id, step: step.step, sessions: outcome.live, ended: outcome.ended.length },
      'maintenance step taken',
    );
    if (step.step === START_STEP) {
      this.revocation.broadcast(outcome.ended, 'maintenance');
      this.calendar.announce();
    }
  }
}

function snapshotOf(live: LiveSessionRow[]) {
  return {
    sessionIds: live.map((session) => session.id),
    userIds: [...new Set(live.map((session) => session.userId))],
    schoolIds: [...new Set(live.flatMap((session) => (session.tenantId ? [session.tenantId] : [])))],
  };
}

/** The audit trail's copy of a snapshot (ids only), in parts small enough for the bus. */
function stageSnapshotEvents(
  em: Parameters<typeof stageEvent>[0],
  windowId: string,
  step: string,
  mode: MaintenanceMode,
  snapshot: ReturnType<typeof snapshotOf>,
): void {
  const per = MAINTENANCE_SNAPSHOT_EVENT_SESSIONS;
  const parts = Math.max(1, Math.ceil(snapshot.sessionIds.length / per));
  for (let part = 0; part < parts; part++) {
    stageEvent(em, MAINTENANCE_SNAPSHOT_TAKEN, SYSTEM_CTX, {
      windowId,
      step,
      mode,
      part: part + 1,
      parts,
      sessionIds: snapshot.sessionIds.slice(part * per, (part + 1) * per),
      // There are no more users than sessions, so they fit the same parts; schools go whole in the first.
      userIds: snapshot.userIds.slice(part * per, (part + 1) * per),
      schoolIds: part === 0 ? snapshot.schoolIds : [],
      sessionCount: snapshot.sessionIds.length,
      userCount: snapshot.userIds.length,
      schoolCount: snapshot.schoolIds.length,
    });
  }
}
