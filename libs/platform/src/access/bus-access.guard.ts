import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { BusRequest } from '@pt/contracts';
import { BusException } from '../bus/bus-exception';
import { accessRefusal, AccessRule } from './access-rule';
import { ACCESS_RULE } from './access.decorator';

/**
 * Runs before every bus handler (attached by `@Handles`): reads the handler's declared
 * rule and the envelope's ctx, and refuses before any pipe, handler or query runs. A
 * handler that declares nothing is refused too, so a forgotten declaration fails closed.
 */
@Injectable()
export class BusAccessGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const rule = accessRuleOf(context.getHandler());
    // Bootstrap refuses to start a service with such a handler; this is the second wall.
    if (!rule) throw BusException.forbidden('access.undeclared', 'This message has no declared access rule');
    const refusal = accessRefusal(rule, context.switchToRpc().getData<BusRequest<unknown>>().ctx);
    if (refusal) throw refusal;
    return true;
  }
}

export function accessRuleOf(handler: Function): AccessRule | undefined {
  return Reflect.getMetadata(ACCESS_RULE, handler) as AccessRule | undefined;
}
