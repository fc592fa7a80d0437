import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { WebhookEventType } from '@pt/contracts';

/**
 * A finance system's webhook endpoint, registered by platform finance. Platform data (no
 * tenant_id): one endpoint takes the events of every school. Deleted endpoints are kept
 * (status `deleted`, never shown) so their delivery log stays with the invoices it is about.
 */
@Entity({ tableName: 'webhook_endpoint' })
export class WebhookEndpoint {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) url!: string;
  @Property({ type: 'text' }) description = '';
  @Property({ type: 'text[]' }) eventTypes: WebhookEventType[] = [];
  @Property({ type: 'text' }) status: 'enabled' | 'disabled' | 'deleted' = 'enabled';
  @Property({ type: 'text', nullable: true }) disabledReason: string | null = null;
  @Property({ type: 'datetime', nullable: true }) disabledAt: Date | null = null;
  /** The first failed attempt since the last success: how long the endpoint has been failing. */
  @Property({ type: 'datetime', nullable: true }) failingSince: Date | null = null;
  @Property({ type: 'datetime' }) createdAt!: Date;
  @Property({ type: 'datetime' }) updatedAt!: Date;
}

/**
 * A signing secret, shown to finance once. Stored sealed under KEY_ENCRYPTION_KEY (KeyWrap,
 * its id the context), opened only to sign, as every HMAC sender needs it back; a secret
 * made before sealing stays in the clear until rotated. A rotated-out secret signs beside
 * the new one until `expiresAt`.
 */
@Entity({ tableName: 'webhook_secret' })
@Index({ properties: ['endpointId'] })
export class WebhookSecret {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) endpointId!: string;
  /** Sealed (`v1.…`), or in the clear when made before secrets were sealed. */
  @Property({ type: 'text' }) secret!: string;
  @Property({ type: 'datetime' }) createdAt!: Date;
  @Property({ type: 'datetime', nullable: true }) expiresAt: Date | null = null;
}
