import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * Additive sums of one school's results of a measure at a point, per group (issue 13, trust
 * roll-up at scale): for `baselinePointId` null the pupils, at expected and points; for a
 * baseline point, the progress from it. `dimension` 'all' is the school's cohort. Each pupil
 * counts in the groups they were in at the point's day, and not at all while restricted (P18)
 * or once erased (P17), exactly as the full analysis statement counts them.
 *
 * Kept by triggers on assessment_result and pupil_period (migrations Migration20261207000021 and
 * Migration20261207010000): a change of periods or a deletion of results in the same statement
 * as the change, the pupils touched counted out as they were and back in as they are; results
 * inserted or updated noted in result_group_sum_pending and folded in before the sums are read. So the trust roll-up sums at most one row per school and group
 * instead of reading every result (analysis.repository.ts, summedSums). The table's name
 * sorts after the tables it sums, so a school's purge (P25) empties it last.
 */
@Entity({ tableName: 'result_group_sum' })
@Unique({
  name: 'result_group_sum_key',
  expression:
    'create unique index "result_group_sum_key" on "result_group_sum" ' +
    '("tenant_id", "point_id", "measure_id", "baseline_point_id", "dimension", "value") nulls not distinct',
})
export class ResultGroupSum {
  @PrimaryKey({ type: 'bigint', autoincrement: true }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) pointId!: string;
  @Property({ type: 'uuid' }) measureId!: string;
  @Property({ type: 'uuid', nullable: true }) baselinePointId: string | null = null;
  @Property({ type: 'text' }) dimension!: string;
  @Property({ type: 'text', nullable: true }) value: string | null = null;
  @Property({ type: 'integer' }) pupils!: number;
  @Property({ type: 'integer' }) atExpected!: number;
  @Property({ type: 'decimal', columnType: 'numeric' }) sumPoints!: string;
  @Property({ type: 'integer' }) withPoints!: number;
  @Property({ type: 'decimal', columnType: 'numeric' }) sumProgress!: string;
  @Property({ type: 'integer' }) withProgress!: number;
}

/**
 * A result key written since result_group_sum last counted it, with the row as the sums still
 * count it (`oldRow`, null: there was none). Noted by the insert and update triggers on
 * assessment_result instead of re-summing in the saving statement; result_group_sum_fold
 * (migration Migration20261207010000) folds the keys into the sums and deletes them, before
 * the sums are read and before periods change or results are deleted. Holds no pupil's data
 * for long: every read of the sums, erasure (P17) and purge (P25) fold it away.
 */
@Entity({ tableName: 'result_group_sum_pending' })
export class ResultGroupSumPending {
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  @PrimaryKey({ type: 'uuid' }) pupilId!: string;
  @PrimaryKey({ type: 'uuid' }) measureId!: string;
  @PrimaryKey({ type: 'uuid' }) pointId!: string;
  @Property({ type: 'json', columnType: 'jsonb', nullable: true }) oldRow: Record<string, unknown> | null = null;
}
