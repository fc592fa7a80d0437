import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { ImportRejection, ImportWarning } from '@pt/contracts';

/**
 * One import of a CTF or CSV file (P15): its progress while it runs and its report at the
 * end. Rows are committed batch by batch with the job's counts in the same transaction,
 * so the report always matches what is in the register, even for a job that failed.
 */
@Entity({ tableName: 'pupil_import' })
@Index({ properties: ['tenantId', 'createdAt'] })
@Index({ properties: ['status'] })
export class PupilImport {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) format!: string;
  @Property({ type: 'text' }) status: string = 'queued';
  /** In the file store; deleted when the job ends. */
  @Property({ type: 'text' }) fileName!: string;
  @Property({ type: 'bigint', runtimeType: 'number' }) totalBytes = 0;
  @Property({ type: 'bigint', runtimeType: 'number' }) bytesRead = 0;
  @Property({ type: 'integer' }) pupilsRead = 0;
  /** CSV column → field. */
  @Property({ type: 'jsonb', nullable: true }) mapping: Record<string, string> | null = null;
  @Property({ type: 'text' }) destinationMismatch: string = 'warn';
  @Property({ type: 'integer' }) created = 0;
  @Property({ type: 'integer' }) updated = 0;
  @Property({ type: 'integer' }) unchanged = 0;
  @Property({ type: 'integer' }) rejected = 0;
  @Property({ type: 'jsonb' }) rejections: ImportRejection[] = [];
  @Property({ type: 'jsonb' }) warnings: ImportWarning[] = [];
  @Property({ type: 'jsonb', nullable: true }) error: {
    code: string;
    message: string;
    line?: number;
    column?: number;
  } | null = null;
  /** Who asked (the actor id and kind, for the events the job stages later). */
  @Property({ type: 'jsonb' }) actor!: Record<string, unknown>;
  @Property({ type: 'text', nullable: true }) requestId: string | null = null;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', nullable: true }) startedAt: Date | null = null;
  @Property({ type: 'datetime', nullable: true }) finishedAt: Date | null = null;
}
