import { MessageContext, Permission } from '@pt/contracts';
import { BusException } from '../bus/bus-exception';

/**
 * Who may send a message, declared beside each handler with `@Access(...)` and checked
 * by the service that holds the data, whatever reached it over the bus (the gateway
 * checks the same permissions first, but is not the only wall).
 */
export type AccessRule =
  /** Anyone, signed in or not (sign-in, public documents, health). */
  | { readonly kind: 'public' }
  /** Any signed-in person, in or out of a school (their own account, their notices). */
  | { readonly kind: 'signed-in' }
  /** Inside a school: its staff, or platform support under that school's grant (P12). */
  | { readonly kind: 'school'; readonly permissions: readonly Permission[] }
  /** Platform staff, outside any school. */
  | { readonly kind: 'platform'; readonly permissions: readonly Permission[] }
  /** The platform's own jobs and services (never a person). */
  | { readonly kind: 'system' }
  /** The first rule that admits the actor wins; otherwise the first rule's refusal. */
  | { readonly kind: 'any-of'; readonly rules: readonly AccessRule[] };

export const Allow = {
  public: (): AccessRule => ({ kind: 'public' }),
  signedIn: (): AccessRule => ({ kind: 'signed-in' }),
  school: (...permissions: Permission[]): AccessRule => ({ kind: 'school', permissions }),
  platform: (...permissions: Permission[]): AccessRule => ({ kind: 'platform', permissions }),
  system: (): AccessRule => ({ kind: 'system' }),
  anyOf: (...rules: AccessRule[]): AccessRule => ({ kind: 'any-of', rules }),
} as const;

/** A context whose school the access check has already established. */
export type SchoolContext = MessageContext & { tenantId: string };

/**
 * Why the actor may not send this message, as the error the bus answers with; null when
 * the rule admits them. Codes match the gateway's own checks, so a client sees the same
 * answer whichever wall stopped it.
 */
export function accessRefusal(rule: AccessRule, ctx: MessageContext): BusException | null {
  const { actor } = ctx;
  switch (rule.kind) {
    case 'public':
      return null;
    case 'signed-in':
      return (actor.kind === 'staff' || actor.kind === 'platform') && actor.id ? null : signInFirst();
    case 'system':
      return actor.kind === 'system'
        ? null
        : BusException.forbidden('system_required', 'Only the platform itself may do this');
    case 'school': {
      if (!ctx.tenantId) return BusException.forbidden('school_required', 'This route works inside a school');
      const inSchool = actor.kind === 'staff' || (actor.kind === 'platform' && !!actor.supportGrantId);
      if (!inSchool || !actor.id) return signInFirst();
      return missingPermissions(rule.permissions, ctx);
    }
    case 'platform': {
      if (actor.kind !== 'platform' || ctx.tenantId || actor.supportGrantId || !actor.id) {
        return BusException.forbidden('platform_required', 'This route is for platform staff');
      }
      return missingPermissions(rule.permissions, ctx);
    }
    case 'any-of': {
      let first: BusException | null = null;
      for (const inner of rule.rules) {
        const refusal = accessRefusal(inner, ctx);
        if (!refusal) return null;
        first ??= refusal;
      }
      return first ?? BusException.forbidden('permission_denied', 'You do not have permission to do this');
    }
  }
}

/** Throws the refusal, if any; handlers rarely need this (the guard does it), rules that depend on data do. */
export function assertAccess(rule: AccessRule, ctx: MessageContext): void {
  const refusal = accessRefusal(rule, ctx);
  if (refusal) throw refusal;
}

/** Whether the actor holds a permission (for what a handler shows, not for whether it runs). */
export function holds(ctx: MessageContext, permission: Permission): boolean {
  return ctx.actor.permissions?.includes(permission) ?? false;
}

function missingPermissions(required: readonly Permission[], ctx: MessageContext): BusException | null {
  const missing = required.filter((permission) => !holds(ctx, permission));
  if (!missing.length) return null;
  return BusException.forbidden('permission_denied', 'You do not have permission to do this', { missing });
}

function signInFirst(): BusException {
  return BusException.unauthenticated('unauthenticated', 'Sign in first');
}

/** A short human-readable form of a rule, for errors and the access table. */
export function describeAccess(rule: AccessRule): string {
  switch (rule.kind) {
    case 'school':
    case 'platform':
      return `${rule.kind}(${rule.permissions.join(', ')})`;
    case 'any-of':
      return rule.rules.map(describeAccess).join(' | ');
    default:
      return rule.kind;
  }
}
