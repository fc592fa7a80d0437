import { EntityManager } from '@mikro-orm/postgresql';
import { MaintenanceMode } from '@pt/contracts';
import { CursorPosition } from '@pt/persistence';
import { uuid7 } from '@pt/platform';
import { School } from '../schools/school.entity';
import { MaintenanceScheduleStep, MaintenanceWindow } from './maintenance-window.entity';

export interface StepClaim {
  windowId: string;
  generation: number;
  step: string;
  dueAt: Date;
  takenAt: Date;
  takenBy: string;
}

export interface SnapshotRecord {
  sessionIds: string[];
  userIds: string[];
  schoolIds: string[];
  mode: MaintenanceMode;
  endedSessions: number;
}

/** The only place that queries maintenance windows and their steps. */
export class MaintenanceRepository {
  constructor(private readonly em: EntityManager) {}

  add(window: MaintenanceWindow): void {
    this.em.persist(window);
  }

  findById(id: string): Promise<MaintenanceWindow | null> {
    return this.em.findOne(MaintenanceWindow, { id });
  }

  /** Locks the row: a change, a cancellation and a step of one window never interleave. */
  findForUpdate(id: string): Promise<MaintenanceWindow | null> {
    return this.em.findOne(MaintenanceWindow, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** Soonest start first, `limit + 1` rows from after the cursor (keyset on starts_at, id). */
  page(limit: number, after: CursorPosition | null): Promise<MaintenanceWindow[]> {
    const where: Record<string, unknown> = {};
    if (after) {
      const at = new Date(after.key);
      Object.assign(where, { $or: [{ startsAt: { $gt: at } }, { startsAt: at, id: { $gt: after.id } }] });
    }
    return this.em.find(MaintenanceWindow, where, { orderBy: { startsAt: 'asc', id: 'asc' }, limit: limit + 1 });
  }

  /** Windows that are neither cancelled nor over at `now`. */
  current(now: Date): Promise<MaintenanceWindow[]> {
    return this.em.find(
      MaintenanceWindow,
      { cancelledAt: null, endsAt: { $gt: now } },
      { orderBy: { startsAt: 'asc', id: 'asc' } },
    );
  }

  /** `<generation>:<step>` of every step already taken, per window. */
  async takenSteps(windowIds: string[]): Promise<Map<string, Set<string>>> {
    const taken = new Map<string, Set<string>>();
    if (!windowIds.length) return taken;
    const rows = await this.em.find(
      MaintenanceScheduleStep,
      { windowId: { $in: windowIds } },
      { fields: ['windowId', 'generation', 'step'] },
    );
    for (const row of rows) {
      const steps = taken.get(row.windowId) ?? new Set<string>();
      steps.add(`${row.generation}:${row.step}`);
      taken.set(row.windowId, steps);
    }
    return taken;
  }

  /**
   * Claims a step for this transaction: true when this caller inserted it. A concurrent
   * claim of the same step waits on the unique index until this transaction ends, then
   * finds it taken (or, if this one rolled back, takes it itself).
   */
  async claimStep(claim: StepClaim): Promise<string | null> {
    const id = uuid7();
    const rows = await this.em.execute<Array<{ id: string }>>(
      `insert into maintenance_schedule_step
              (id, window_id, generation, step, due_at, taken_at, taken_by, session_ids, user_ids, school_ids)
       values (?, ?, ?, ?, ?, ?, ?, '{}', '{}', '{}')
       on conflict (window_id, generation, step) do nothing
       returning id`,
      [id, claim.windowId, claim.generation, claim.step, claim.dueAt, claim.takenAt, claim.takenBy],
    );
    return rows.length ? rows[0].id : null;
  }

  async recordSnapshot(stepId: string, snapshot: SnapshotRecord): Promise<void> {
    await this.em.execute(
      `update maintenance_schedule_step
          set session_ids = ?::uuid[], user_ids = ?::uuid[], school_ids = ?::uuid[],
              session_count = ?, user_count = ?, school_count = ?, ended_sessions = ?, mode = ?
        where id = ?`,
      [
        uuidArray(snapshot.sessionIds),
        uuidArray(snapshot.userIds),
        uuidArray(snapshot.schoolIds),
        snapshot.sessionIds.length,
        snapshot.userIds.length,
        snapshot.schoolIds.length,
        snapshot.endedSessions,
        snapshot.mode,
        stepId,
      ],
    );
  }

  async markStarted(windowId: string, at: Date): Promise<void> {
    await this.em.execute(`update maintenance_window set started_at = ? where id = ? and started_at is null`, [
      at,
      windowId,
    ]);
  }

  /** Which of these schools exist (a window's scope must name real schools). */
  async existingSchoolIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.em.find(School, { id: { $in: ids } }, { fields: ['id'] });
    return new Set(rows.map((row) => row.id));
  }

  /** Every step taken for the window, in the order they were taken. */
  snapshots(windowId: string): Promise<MaintenanceScheduleStep[]> {
    return this.em.find(MaintenanceScheduleStep, { windowId }, { orderBy: { takenAt: 'asc', dueAt: 'asc' } });
  }
}

/** MikroORM inlines array parameters as lists, so a uuid[] travels as one array literal. */
function uuidArray(ids: string[]): string {
  for (const id of ids) if (!/^[0-9a-f-]{36}$/i.test(id)) throw new Error('not a uuid');
  return `{${ids.join(',')}}`;
}
