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

  /**
   * The private key (PKCS#8 PEM) sealed under KEY_ENCRYPTION_KEY with the kid bound in
   * (KeyWrap, libs/platform); never stored in the clear.
   */
  @Property({ type: 'text', nullable: true, lazy: true })
  privateKeySealed: string | null = null;

  /**
   * Rows written before keys were sealed held the PEM here; SigningKeys seals them at
   * start and empties it, so it is null on every row once a current identity has run.
   */
  @Property({ type: 'text', nullable: true, lazy: true })
  privateKeyPem: string | null = null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  retiredAt: Date | null = null;
}
