import { SetMetadata } from '@nestjs/common';
import { Permission } from '@pt/contracts';

export const REQUIRED_PERMISSIONS = 'requiredPermissions';

/** What a route needs: every permission of `all`, or at least one of `anyOf`. */
export type RequiredPermissions = { all: Permission[] } | { anyOf: Permission[] };

/** The route needs every one of these permissions (403 otherwise). */
export const RequirePermissions = (...permissions: Permission[]) =>
  SetMetadata(REQUIRED_PERMISSIONS, { all: permissions } satisfies RequiredPermissions);

/** The route needs at least one of these permissions (403 naming the first otherwise). */
export const RequireAnyPermission = (...permissions: Permission[]) =>
  SetMetadata(REQUIRED_PERMISSIONS, { anyOf: permissions } satisfies RequiredPermissions);
