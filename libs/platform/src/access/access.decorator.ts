import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { BusRequest } from '@pt/contracts';
import { BusException } from '../bus/bus-exception';
import { AccessRule, SchoolContext } from './access-rule';

export const ACCESS_RULE = 'pt:access-rule';

/**
 * Declares who may send the handler's message (`@Access(Allow.school('pupils:write'))`).
 * Every `@Handles` handler must carry one: the guard refuses a handler without it.
 */
export const Access = (rule: AccessRule): MethodDecorator => SetMetadata(ACCESS_RULE, rule);

/**
 * The `ctx` of a message whose rule requires a school, typed so: the guard has already
 * refused any message without one, so the handler needs no check of its own.
 */
export const SchoolCtx = createParamDecorator((_: unknown, host: ExecutionContext): SchoolContext => {
  const { ctx } = host.switchToRpc().getData<BusRequest<unknown>>();
  // Reached only when a handler's rule admits messages without a school: a wiring error.
  if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
  return ctx as SchoolContext;
});
