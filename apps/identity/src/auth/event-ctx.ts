import { MessageContext } from '@pt/contracts';
import { UserAccount } from '../users/user.entity';

/**
 * The ctx of an event a session's own user caused (sign-in, a refresh that ended the
 * session): before sign-in the message carries no actor, so the account is the actor.
 */
export function eventCtx(
  ctx: MessageContext,
  user: Pick<UserAccount, 'id' | 'tenantId' | 'kind' | 'roles'> | null,
): Pick<MessageContext, 'tenantId' | 'actor' | 'requestId' | 'ip'> {
  return {
    tenantId: user?.tenantId ?? null,
    actor: user ? { id: user.id, kind: user.kind, roles: user.roles } : ctx.actor,
    requestId: ctx.requestId,
    ip: ctx.ip,
  };
}
