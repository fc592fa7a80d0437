import { BusErrorBody, MessageContext } from '@pt/contracts';

/**
 * Whose rows a unit of work may touch: one school's, or (for platform actors and system
 * jobs only) every school's.
 */
export type DataScope = { kind: 'tenant'; tenantId: string } | { kind: 'platform' };

export const PLATFORM_SCOPE: DataScope = Object.freeze({ kind: 'platform' });

export function tenantScope(tenantId: string): DataScope {
  return { kind: 'tenant', tenantId };
}

/** Refused when a school user's message arrives without a tenant: never widen to platform scope. */
export class TenantRequiredError extends Error implements BusErrorBody {
  readonly kind = 'forbidden' as const;
  readonly code = 'tenant_required';
  constructor() {
    super('This operation needs a school (tenant) context');
    this.name = 'TenantRequiredError';
  }
}

/** The scope a message's `ctx` grants: a tenant wins; no tenant is platform scope only for platform and system actors. */
export function scopeOf(ctx: MessageContext): DataScope {
  if (ctx.tenantId) return tenantScope(ctx.tenantId);
  if (ctx.actor.kind === 'platform' || ctx.actor.kind === 'system') return PLATFORM_SCOPE;
  throw new TenantRequiredError();
}
