import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { GATEWAY_ERRORS, isFinanceApiScope, looksLikeFinanceApiKey } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Principal } from '../http/request-context';
import { bearerTokenOf } from './access-token-source';
import { FinanceApiKeyAuthenticator } from './finance-api-key.authenticator';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_PERMISSIONS, RequiredPermissions } from './require-permissions.decorator';

/**
 * Every route needs a valid access token unless marked @Public(), or, on a route that
 * declares a finance API scope, a finance API key (P28) with that scope.
 */
@Injectable()
export class AccessTokenGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly financeKeys: FinanceApiKeyAuthenticator,
  ) {
    super({ property: 'principal' });
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const bearer = bearerTokenOf(request);
    if (bearer && looksLikeFinanceApiKey(bearer)) return this.withFinanceApiKey(context, request, bearer);
    return super.canActivate(context);
  }

  /**
   * A key reaches only routes that declare one of its kind of scopes: a key that leaked is
   * no way into a school's pupils or the platform's settings, whatever a route forgot.
   * Whether the key holds the route's scope is the permissions guard's question (403 there).
   */
  private async withFinanceApiKey(context: ExecutionContext, request: FastifyRequest, key: string): Promise<boolean> {
    const principal = await this.financeKeys.authenticate(key, context.switchToHttp().getResponse<FastifyReply>());
    const rule = this.reflector.getAllAndOverride<RequiredPermissions | undefined>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A route open to staff or a key (webhooks: finance:manage or webhooks:manage) says so with anyOf.
    const reachable = rule
      ? 'all' in rule
        ? rule.all.length > 0 && rule.all.every(isFinanceApiScope)
        : rule.anyOf.some(isFinanceApiScope)
      : false;
    if (!reachable) {
      throw BusException.forbidden(GATEWAY_ERRORS.API_KEY_ROUTE_NOT_ALLOWED, 'An API key cannot use this route');
    }
    request.principal = principal;
    return true;
  }

  override handleRequest<T = Principal>(
    error: unknown,
    principal: T | false,
    _info: unknown,
    context: ExecutionContext,
  ): T {
    if (error instanceof BusException) throw error;
    if (error || !principal) {
      const request = context.switchToHttp().getRequest<FastifyRequest>();
      const hasToken = /^Bearer\s/i.test(request.headers.authorization ?? '') || request.accessTokenSource === 'cookie';
      throw hasToken
        ? BusException.unauthenticated('access_token.invalid', 'The access token is not valid or has expired')
        : BusException.unauthenticated('unauthenticated', 'Sign in first: this route needs an access token');
    }
    return principal;
  }
}
