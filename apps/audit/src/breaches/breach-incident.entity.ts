import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A personal data breach recorded by platform ops (P23). Platform-level: no tenant_id, so
 * only platform scope reads it; the schools it affects are told through identity's notices.
 */
@Entity({ tableName: 'breach_incident' })
@Index({ properties: ['recordedAt', 'id'] })
export class BreachIncident {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'datetime' }) detectedAt!: Date;
  @Property({ type: 'text' }) nature!: string;
  @Property({ type: 'text[]' }) dataCategories: string[] = [];
  @Property({ type: 'integer' }) approxPeople!: number;
  @Property({ type: 'integer' }) approxRecords!: number;
  @Property({ type: 'text' }) likelyConsequences!: string;
  @Property({ type: 'text' }) measuresTaken!: string;
  @Property({ type: 'text' }) contactPoint!: string;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
}

/** One school affected by an incident, and when its admins were notified. */
@Entity({ tableName: 'breach_school' })
@Unique({ properties: ['incidentId', 'schoolId'] })
export class BreachSchool {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) incidentId!: string;
  @Property({ type: 'uuid' }) schoolId!: string;
  @Property({ type: 'datetime' }) addedAt: Date = new Date();
  @Property({ type: 'datetime', nullable: true }) notifiedAt: Date | null = null;
  @Property({ type: 'integer', nullable: true }) recipients: number | null = null;
}

/** A later update of an incident, kept as a list with times. */
@Entity({ tableName: 'breach_update' })
@Index({ properties: ['incidentId', 'recordedAt'] })
export class BreachUpdate {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) incidentId!: string;
  @Property({ type: 'text' }) note!: string;
  @Property({ type: 'text', nullable: true }) measuresTaken: string | null = null;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
}
