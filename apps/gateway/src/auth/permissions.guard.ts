import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isSchoolPermission, Permission } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { REQUIRED_PERMISSIONS } from './require-permissions.decorator';

/**
 * Runs after the access-token guard. A route's required permissions must all be in the
 * token (P19); a school permission also needs a school: platform actors reach a school's
 * data only inside it (through a support grant, P12), never across schools.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw BusException.unauthenticated('unauthenticated', 'Sign in first');
    const missing = required.filter((permission) => !principal.permissions.includes(permission));
    if (missing.length) {
      throw BusException.forbidden('permission_denied', 'You do not have permission to do this', { missing });
    }
    if (required.some(isSchoolPermission) && !principal.tenantId) {
      throw BusException.forbidden('school_required', 'This route works inside a school');
    }
    return true;
  }
}
