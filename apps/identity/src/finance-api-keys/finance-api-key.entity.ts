import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A finance system's API key (P28). Kept by identity because identity owns every
 * credential (passwords, sessions, signing keys) and the rate-limit table they share; the
 * gateway asks it per request, as it asks about sessions. Only a SHA-256 of the key is
 * stored: the key is 190 random bits, so a slow password hash would add nothing against
 * guessing and cost every request.
 */
@Entity({ tableName: 'finance_api_key' })
export class FinanceApiKey {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  @Unique()
  keyHash!: string;

  @Property({ type: 'text' })
  lastFour!: string;

  @Property({ type: 'text[]' })
  scopes: string[] = [];

  @Property({ type: 'uuid' })
  createdBy!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  revokedBy: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  replacedBy: string | null = null;

  isActive(now: Date): boolean {
    return this.revokedAt === null && now < this.expiresAt;
  }
}
