import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** The chain of platform-level entries (no school); a school's chain is named by its id. */
export const PLATFORM_CHAIN = 'platform';

export function chainOf(tenantId: string | null): string {
  return tenantId ?? PLATFORM_CHAIN;
}

/**
 * One line of the append-only audit log (P24). Each chain (a school's, or the platform's)
 * is a hash chain: `hash` covers the entry's canonical content and `prevHash`, so editing,
 * deleting or reordering a row breaks the link after it. The runtime role may only insert
 * and read these rows (grants, and a trigger as a second guard).
 */
@Entity({ tableName: 'audit_entry' })
@Unique({ properties: ['chain', 'sequence'] })
@Index({ properties: ['tenantId', 'occurredAt', 'id'] })
@Index({ properties: ['tenantId', 'supportGrantId'] })
export class AuditEntry {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  chain!: string;

  @Property({ type: new BigIntType('number') })
  sequence!: number;

  /** The event it records: one entry per event, whatever the redeliveries. */
  @Property({ type: 'uuid', unique: true })
  eventId!: string;

  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  // Text, not uuid: an actor id the bus carried is recorded as it came rather than
  // refused, so a malformed one cannot park an event and hide it from the trail.
  @Property({ type: 'text', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'text' })
  actorKind!: string;

  @Property({ type: 'text', nullable: true })
  supportGrantId: string | null = null;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  subjectType: string | null = null;

  @Property({ type: 'text', nullable: true })
  subjectId: string | null = null;

  @Property({ type: 'text', nullable: true })
  requestId: string | null = null;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Property({ type: 'json' })
  detail: Record<string, unknown> = {};

  @Property({ type: 'text' })
  prevHash!: string;

  @Property({ type: 'text' })
  hash!: string;
}
