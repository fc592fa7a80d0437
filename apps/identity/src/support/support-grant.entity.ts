import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A school admin's time-boxed consent for platform support to act in the school (P12). */
@Entity({ tableName: 'support_grant' })
@Index({ properties: ['tenantId', 'expiresAt'] })
export class SupportGrant {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  grantedBy!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text[]' })
  permissions: string[] = [];

  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  revokedBy: string | null = null;

  isActive(now: Date): boolean {
    return this.revokedAt === null && this.startsAt <= now && now < this.expiresAt;
  }
}
