import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** A route that needs no access token (sign-in, refresh, health, JWKS). Everything else does. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
