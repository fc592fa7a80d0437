import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { SchoolPermission } from '@pt/contracts';

/**
 * A school's own role (P19): a name and a subset of SCHOOL_PERMISSIONS. Users hold roles
 * by name (like the built-in ones), so the name is unique within the school and never
 * one of the built-in or platform role names.
 */
@Entity({ tableName: 'custom_role' })
@Unique({
  name: 'custom_role_tenant_name_unique',
  expression: 'create unique index "custom_role_tenant_name_unique" on "custom_role" ("tenant_id", lower("name"))',
})
export class CustomRole {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text[]' })
  permissions: SchoolPermission[] = [];

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'integer', version: true })
  version: number = 1;
}
