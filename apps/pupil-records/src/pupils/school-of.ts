import { MessageContext } from '@pt/contracts';
import { BusException } from '@pt/platform';

/** Pupil records belong to a school: the tenant of the message, never one named in a payload. */
export function schoolOf(ctx: MessageContext): string {
  if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This operation works inside a school');
  return ctx.tenantId;
}
