import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { Principal } from '../http/request-context';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs a valid access token unless marked @Public(). */
@Injectable()
export class AccessTokenGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super({ property: 'principal' });
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
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
