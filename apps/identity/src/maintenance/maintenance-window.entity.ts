import { ArrayType, Check, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { MaintenanceMode } from '@pt/contracts';

/**
 * P13: a planned window of work on the platform or on some schools. Not a school's row
 * (ops own it, across schools), so it has no tenant_id; `schoolIds` names its scope.
 */
@Entity({ tableName: 'maintenance_window' })
@Check({ name: 'maintenance_window_mode', expression: `mode in ('read-only', 'offline')` })
@Index({ properties: ['startsAt', 'id'] })
export class MaintenanceWindow {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Property({ type: 'datetime' })
  endsAt!: Date;

  /** Ops' words, shown to users in scope in their warning. */
  @Property({ type: 'text' })
  reason!: string;

  /** null: the whole platform. */
  @Property({ type: ArrayType, columnType: 'uuid[]', nullable: true })
  schoolIds: string[] | null = null;

  /** Windows scheduled before modes existed were all offline. */
  @Property({ type: 'text', default: 'offline' })
  mode: MaintenanceMode = 'offline';

  /** MAINTENANCE_LEAD_MINUTES when the window was scheduled, longest first. */
  @Property({ type: ArrayType, columnType: 'int[]' })
  leadMinutes: number[] = [];

  /**
   * Bumped when the start moves: the steps of the new schedule are taken afresh (those of
   * the old one stay recorded).
   */
  @Property({ type: 'integer', default: 1 })
  scheduleGeneration: number = 1;

  /** When the start step ended the sessions in scope. */
  @Property({ type: 'datetime', nullable: true })
  startedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  cancelledBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  workBegunAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  workBegunBy: string | null = null;

  @Property({ type: 'boolean', default: false })
  workForced: boolean = false;

  @Property({ type: 'text', nullable: true })
  workForceReason: string | null = null;

  /** The sessions that were live when work was begun by force. */
  @Property({ type: ArrayType, columnType: 'uuid[]', nullable: true })
  workForcedSessionIds: string[] | null = null;

  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  version: number = 1;
}

/**
 * One step of a window's schedule (a lead time or the start) taken by exactly one
 * replica: the row is claimed with INSERT ... ON CONFLICT DO NOTHING in the transaction
 * that records the snapshot, so a second replica (or a restarted one) finds it taken.
 */
@Entity({ tableName: 'maintenance_schedule_step' })
@Check({ name: 'maintenance_schedule_step_mode', expression: `mode in ('read-only', 'offline')` })
@Unique({ properties: ['windowId', 'generation', 'step'] })
export class MaintenanceScheduleStep {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  windowId!: string;

  @Property({ type: 'integer' })
  generation!: number;

  /** `lead-<minutes>` or `start`. */
  @Property({ type: 'text' })
  step!: string;

  @Property({ type: 'datetime' })
  dueAt!: Date;

  @Property({ type: 'datetime' })
  takenAt!: Date;

  /** Which replica took it (host and process id), for operators reading the record. */
  @Property({ type: 'text' })
  takenBy!: string;

  /** The window's mode when the step was taken. */
  @Property({ type: 'text', default: 'offline' })
  mode: MaintenanceMode = 'offline';

  @Property({ type: ArrayType, columnType: 'uuid[]' })
  sessionIds: string[] = [];

  @Property({ type: ArrayType, columnType: 'uuid[]' })
  userIds: string[] = [];

  @Property({ type: ArrayType, columnType: 'uuid[]' })
  schoolIds: string[] = [];

  @Property({ type: 'integer', default: 0 })
  sessionCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  userCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  schoolCount: number = 0;

  /** At `start`: the sessions in scope that were ended. */
  @Property({ type: 'integer', default: 0 })
  endedSessions: number = 0;
}
