import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Permission } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { PermissionsGuard } from './permissions.guard';
import { RequireAnyPermission, RequirePermissions } from './require-permissions.decorator';

@Controller()
class Routes {
  @Get('open')
  open() {}

  @Get('all')
  @RequirePermissions('pupils:read', 'pupils:write')
  all() {}

  @Get('any')
  @RequireAnyPermission('reports:read', 'pupils:read')
  any() {}
}

type Route = keyof Routes;

function contextFor(route: Route, principal?: { permissions: Permission[]; tenantId: string | null }) {
  return {
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ principal }) }),
  } as unknown as ExecutionContext;
}

const sut = new PermissionsGuard(new Reflector());
const refusal = (route: Route, principal?: { permissions: Permission[]; tenantId: string | null }) => {
  try {
    sut.canActivate(contextFor(route, principal));
    return null;
  } catch (error) {
    return (error as BusException).body;
  }
};
const inSchool = (...permissions: Permission[]) => ({ permissions, tenantId: 'a-school' });

describe('PermissionsGuard: the permissions a gateway route declares', () => {
  it('lets anyone through a route that declares none', () => {
    expect(refusal('open')).toBeNull();
  });

  it('P19: a route needing several permissions refuses a caller missing any, naming the missing ones', () => {
    expect(refusal('all', inSchool('pupils:read', 'pupils:write'))).toBeNull();
    expect(refusal('all', inSchool('pupils:read'))).toMatchObject({
      kind: 'forbidden',
      code: 'permission_denied',
      details: { missing: ['pupils:write'] },
    });
  });

  it('P19: a route needing any one of several permissions admits a caller holding one, and names the first when none is held', () => {
    expect(refusal('any', inSchool('pupils:read'))).toBeNull();
    expect(refusal('any', inSchool('reports:read'))).toBeNull();
    expect(refusal('any', inSchool('users:read'))).toMatchObject({
      code: 'permission_denied',
      details: { missing: ['reports:read'] },
    });
  });

  it('P12: a school permission is refused outside a school, even to a caller who holds it', () => {
    expect(refusal('any', { permissions: ['pupils:read'], tenantId: null })).toMatchObject({ code: 'school_required' });
  });

  it('refuses a caller who has not signed in', () => {
    expect(refusal('all')).toMatchObject({ kind: 'unauthenticated' });
  });
});
