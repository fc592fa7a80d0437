import { SetMetadata } from '@nestjs/common';
import { Permission } from '@pt/contracts';

export const REQUIRED_PERMISSIONS = 'requiredPermissions';

/** The route needs every one of these permissions (403 otherwise). */
export const RequirePermissions = (...permissions: Permission[]) => SetMetadata(REQUIRED_PERMISSIONS, permissions);
