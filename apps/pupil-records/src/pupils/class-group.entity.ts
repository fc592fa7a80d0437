import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** A class or teaching group of a school; teachers may be limited to some (P19). */
@Entity({ tableName: 'class_group' })
@Unique({ properties: ['tenantId', 'name'] })
export class ClassGroup {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text', nullable: true }) yearGroup: string | null = null;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
  @Property({ type: 'integer' }) version = 1;
}
