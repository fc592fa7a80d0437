import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An access-token signing key (ES256). Several may be published at once so that keys
 * rotate without signing anyone out: tokens name their key by `kid`.
 */
@Entity({ tableName: 'signing_key' })
export class SigningKey {
  @PrimaryKey({ type: 'text' })
  kid!: string;

  @Property({ type: 'text' })
  algorithm!: string;

  @Property({ type: 'json' })
  publicJwk!: Record<string, string>;

  @Property({ type: 'text', lazy: true })
  privateKeyPem!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  retiredAt: Date | null = null;
}
