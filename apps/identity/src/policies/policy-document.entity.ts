import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { PolicyKind } from '@pt/contracts';

/** A published version of the data processing terms, privacy policy or cookie policy. */
@Entity({ tableName: 'policy_document' })
@Unique({ properties: ['kind', 'version'] })
@Index({ properties: ['kind', 'publishedAt'] })
export class PolicyDocument {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  kind!: PolicyKind;

  @Property({ type: 'text' })
  version!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  @Property({ type: 'datetime' })
  publishedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  publishedBy: string | null = null;
}

/** A user's acceptance of one document version, with when and from where (P7). */
@Entity({ tableName: 'policy_acceptance' })
@Unique({ properties: ['userId', 'documentId'] })
export class PolicyAcceptance {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The user's school; null for platform users. */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'uuid' })
  documentId!: string;

  @Property({ type: 'text' })
  kind!: PolicyKind;

  @Property({ type: 'text' })
  version!: string;

  @Property({ type: 'datetime' })
  acceptedAt!: Date;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;
}
