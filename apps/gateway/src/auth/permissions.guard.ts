import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isSchoolPermission, Permission } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { REQUIRED_PERMISSIONS, RequiredPermissions } from './require-permissions.decorator';

/**
 * Runs after the access-token guard. A route's required permissions must all be in the
 * token (P19); a school permission also needs a school: platform actors reach a school's
 * data only inside it (through a support grant, P12), never across schools.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<RequiredPermissions | undefined>(REQUIRED_PERMISSIONS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const required: Permission[] = rule ? ('all' in rule ? rule.all : rule.anyOf) : [];
    if (!required.length) return true;
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    if (!principal) throw BusException.unauthenticated('unauthenticated', 'Sign in first');
    const held = required.filter((permission) => principal.permissions.includes(permission));
    const missing =
      'all' in rule! ? required.filter((permission) => !held.includes(permission)) : held.length ? [] : [required[0]];
    if (missing.length) {
      throw BusException.forbidden('permission_denied', 'You do not have permission to do this', { missing });
    }
    if (required.some(isSchoolPermission) && !principal.tenantId) {
      throw BusException.forbidden('school_required', 'This route works inside a school');
    }
    return true;
  }
}
