import { Dictionary, EntityManager, EntityName } from '@mikro-orm/core';
import type { FilterDef } from '@mikro-orm/core/typings';

export const TENANT_FILTER = 'tenant';

export interface TenantFilterArgs {
  /** null only together with platform: true. */
  tenantId: string | null;
  platform?: boolean;
}

/**
 * The first wall of tenant isolation: on by default for every query, and it refuses to
 * run (MikroORM throws "No arguments provided") when nobody set the tenant, so a query
 * can never silently read all schools. Entities without a `tenantId` are not affected.
 */
export const tenantFilter: FilterDef = {
  name: TENANT_FILTER,
  default: true,
  args: true,
  cond: (args: Dictionary, _type: string, em: EntityManager, _options?: unknown, entityName?: EntityName<unknown>) => {
    const meta = entityName ? em.getMetadata().find(entityName) : undefined;
    if (!meta || !('tenantId' in meta.properties)) return {};
    const { tenantId, platform } = args as TenantFilterArgs;
    if (platform) return {};
    if (!tenantId) throw new Error('tenant filter needs a tenantId');
    return { tenantId };
  },
};
