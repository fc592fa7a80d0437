import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One rate-limited key (P3: an IP address's failed sign-ins; password-reset requests...),
 * as the "theoretical arrival time" of the generic cell rate algorithm: one timestamp per
 * key, updated atomically, so every gateway and identity replica shares one limit. The key
 * is stored only as a hash: IP addresses and emails are personal data.
 */
@Entity({ tableName: 'rate_limit' })
export class RateLimit {
  @PrimaryKey({ type: 'text' })
  keyHash!: string;

  /** When the key's allowance is fully back; a row in the past means the same as no row. */
  @Property({ type: 'datetime' })
  tat!: Date;
}
