import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** Which sessions were opened under which grant, so revoking the grant ends them. */
@Entity({ tableName: 'support_session' })
export class SupportSession {
  @PrimaryKey({ type: 'uuid' })
  sessionId!: string;

  @Index()
  @Property({ type: 'uuid' })
  grantId!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;
}
