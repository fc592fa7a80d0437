import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What pupil-records knows of its school's status (P11), one row per school: fed by
 * identity's status events, or asked of identity once when no event has arrived yet.
 * `asOf` orders the two sources, so an older event read late never overwrites a newer answer.
 */
@Entity({ tableName: 'school_status' })
export class SchoolStatusRecord {
  /** The school, i.e. the tenant: row-level security scopes this table like any other. */
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) status!: string;
  @Property({ type: 'boolean' }) dataProcessingAllowed = false;
  @Property({ type: 'datetime' }) asOf!: Date;
}
