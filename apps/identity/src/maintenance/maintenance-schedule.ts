import { MaintenanceCalendarEntry, MaintenancePhase, MaintenanceScope, MaintenanceWindowView } from '@pt/contracts';
import { MaintenanceWindow } from './maintenance-window.entity';

export const START_STEP = 'start';

export interface ScheduleStep {
  step: string;
  dueAt: Date;
}

/** When users in scope start being warned: the first (longest) lead time. */
export function warnFromOf(window: Pick<MaintenanceWindow, 'startsAt' | 'leadMinutes'>): Date {
  const longest = Math.max(0, ...window.leadMinutes);
  return new Date(window.startsAt.getTime() - longest * 60_000);
}

/** The window's steps: each lead time (longest first), then the start. */
export function stepsOf(window: Pick<MaintenanceWindow, 'startsAt' | 'leadMinutes'>): ScheduleStep[] {
  return [
    ...window.leadMinutes.map((minutes) => ({
      step: `lead-${minutes}`,
      dueAt: new Date(window.startsAt.getTime() - minutes * 60_000),
    })),
    { step: START_STEP, dueAt: window.startsAt },
  ];
}

/**
 * The steps due at `now` and not yet taken, in order. Lead snapshots missed while no
 * replica ran are still taken before the start (they say who was logged in when the
 * warning went out); once the window has started only the start is, and nothing once it
 * is over.
 */
export function dueSteps(window: MaintenanceWindow, now: Date, taken: Set<string> | undefined): ScheduleStep[] {
  if (window.cancelledAt || now >= window.endsAt) return [];
  const started = now >= window.startsAt;
  return stepsOf(window).filter(
    ({ step, dueAt }) =>
      dueAt <= now && (step === START_STEP || !started) && !taken?.has(`${window.scheduleGeneration}:${step}`),
  );
}

export function phaseOf(window: MaintenanceWindow, now: Date): MaintenancePhase {
  if (window.cancelledAt) return 'cancelled';
  if (now >= window.endsAt) return 'completed';
  if (now >= window.startsAt) return 'in_progress';
  if (now >= warnFromOf(window)) return 'warning';
  return 'scheduled';
}

export function scopeOf(window: Pick<MaintenanceWindow, 'schoolIds'>): MaintenanceScope {
  return window.schoolIds ? { kind: 'schools', schoolIds: window.schoolIds } : { kind: 'platform' };
}

export function toWindowView(window: MaintenanceWindow, now: Date): MaintenanceWindowView {
  return {
    id: window.id,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    reason: window.reason,
    scope: scopeOf(window),
    mode: window.mode,
    phase: phaseOf(window, now),
    leadMinutes: window.leadMinutes,
    warnFrom: warnFromOf(window).toISOString(),
    startedAt: window.startedAt?.toISOString() ?? null,
    cancelledAt: window.cancelledAt?.toISOString() ?? null,
    workBegunAt: window.workBegunAt?.toISOString() ?? null,
    workForced: window.workForced,
    workForceReason: window.workForceReason,
    createdAt: window.createdAt.toISOString(),
    version: window.version,
  };
}

export function toCalendarEntry(window: MaintenanceWindow): MaintenanceCalendarEntry {
  return {
    id: window.id,
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt.toISOString(),
    warnFrom: warnFromOf(window).toISOString(),
    scope: scopeOf(window),
    mode: window.mode,
    reason: window.reason,
  };
}
