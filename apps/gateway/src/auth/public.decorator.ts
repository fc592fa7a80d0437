import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_OPERATION } from '../openapi/api-document';

export const IS_PUBLIC = 'isPublic';

/**
 * A route that needs no access token (sign-in, refresh, health, JWKS). Everything else does.
 * The API document says so too (`security: []`).
 */
export const Public = () => {
  const mark = applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION, true));
  return (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key !== undefined) return mark(target, key, descriptor!);
    // On a controller: the guard reads the class, the document each of its operations.
    SetMetadata(IS_PUBLIC, true)(target as never);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const method = Object.getOwnPropertyDescriptor(prototype, name)!;
      if (typeof method.value === 'function') ApiExtension(PUBLIC_OPERATION, true)(prototype, name, method);
    }
  };
};
