import { loadConfig } from '@pt/platform';
import { IdentityConfig, leadMinutesOf } from '../identity.config';
import { dueSteps, phaseOf, stepsOf, warnFromOf } from './maintenance-schedule';
import { MaintenanceWindow } from './maintenance-window.entity';

const START = Date.parse('2026-12-01T18:00:00Z');
const MINUTE = 60_000;

function windowOf(overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return Object.assign(new MaintenanceWindow(), {
    id: '0193a7a0-0000-7000-8000-000000000001',
    startsAt: new Date(START),
    endsAt: new Date(START + 60 * MINUTE),
    reason: 'Upgrade',
    schoolIds: null,
    leadMinutes: [60, 15, 5],
    scheduleGeneration: 1,
    ...overrides,
  });
}
const at = (minutesFromStart: number) => new Date(START + minutesFromStart * MINUTE);
const names = (steps: Array<{ step: string }>) => steps.map((s) => s.step);

describe('Maintenance schedule (P13)', () => {
  it('P13: a window has a step per lead time, longest first, then its start; warnings begin at the first', () => {
    const window = windowOf();
    expect(stepsOf(window).map((s) => [s.step, s.dueAt.toISOString()])).toEqual([
      ['lead-60', '2026-12-01T17:00:00.000Z'],
      ['lead-15', '2026-12-01T17:45:00.000Z'],
      ['lead-5', '2026-12-01T17:55:00.000Z'],
      ['start', '2026-12-01T18:00:00.000Z'],
    ]);
    expect(warnFromOf(window)).toEqual(at(-60));
    expect([at(-61), at(-60), at(0), at(60)].map((now) => phaseOf(window, now))).toEqual([
      'scheduled',
      'warning',
      'in_progress',
      'completed',
    ]);
  });

  it('P13: every due step not yet taken is due, so steps missed while no replica ran are taken at once', () => {
    const window = windowOf();
    expect(names(dueSteps(window, at(-61), new Set()))).toEqual([]);
    expect(names(dueSteps(window, at(-10), new Set()))).toEqual(['lead-60', 'lead-15']);
    expect(names(dueSteps(window, at(-10), new Set(['1:lead-60'])))).toEqual(['lead-15']);
    expect(names(dueSteps(window, at(-1), new Set(['1:lead-60', '1:lead-15', '1:lead-5'])))).toEqual([]);
  });

  it('P13: once started only the start is still due; nothing once over or cancelled', () => {
    const window = windowOf();
    expect(names(dueSteps(window, at(1), new Set(['1:lead-60'])))).toEqual(['start']);
    expect(names(dueSteps(window, at(1), new Set(['1:start'])))).toEqual([]);
    expect(names(dueSteps(window, at(61), new Set()))).toEqual([]);
    expect(names(dueSteps(windowOf({ cancelledAt: at(-30) }), at(1), new Set()))).toEqual([]);
  });

  it('P13: a new start (next generation) schedules every step afresh', () => {
    const moved = windowOf({ scheduleGeneration: 2 });
    expect(names(dueSteps(moved, at(-10), new Set(['1:lead-60', '1:lead-15'])))).toEqual(['lead-60', 'lead-15']);
  });

  it('P13: MAINTENANCE_LEAD_MINUTES is read as distinct minutes, longest first', () => {
    expect(leadMinutesOf('5, 60,15,15')).toEqual([60, 15, 5]);
  });

  it('P13: the test clock cannot be moved outside NODE_ENV=test (identity refuses to start)', () => {
    expect(() => loadConfig(IdentityConfig, { NODE_ENV: 'development', CLOCK_OFFSET_MS: '60000' })).toThrow(
      /CLOCK_OFFSET_MS: may only be set when NODE_ENV=test/,
    );
    expect(loadConfig(IdentityConfig, { NODE_ENV: 'test', CLOCK_OFFSET_MS: '60000' }).CLOCK_OFFSET_MS).toBe(60_000);
  });
});
