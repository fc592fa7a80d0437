import { Global, Module, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@pt/platform';
import { AuthController } from './auth/auth.controller';
import { IdentityConfig } from './identity.config';
import { IDENTITY_CONCEPT_MODULES } from './identity.module';
import { SessionRevocation } from './sessions/session-revocation';
import { UsersController } from './users/users.controller';

/** The service's real configuration (constructors read it), as the foundation provides it globally. */
@Global()
@Module({
  providers: [{ provide: IdentityConfig, useValue: loadConfig(IdentityConfig, {}) }],
  exports: [IdentityConfig],
})
class ConfigStandIn {}

function metadataOf(module: Type<unknown>, key: string): Type<unknown>[] {
  return (Reflect.getMetadata(key, module) as Type<unknown>[] | undefined) ?? [];
}

const declaredInIdentity = new Set<unknown>(
  IDENTITY_CONCEPT_MODULES.flatMap((module) => metadataOf(module, MODULE_METADATA.PROVIDERS)),
);

/**
 * What the platform's foundation provides (database, NATS, broadcasts, jobs, clock) is
 * stood in for by an object whose every method does nothing: compiling builds each
 * provider, and nothing connects until the application starts. A provider of identity's
 * own that a module cannot see is not stood in for: it fails, naming the missing import.
 */
function foundationStandIn(token: unknown): unknown {
  if (declaredInIdentity.has(token)) {
    throw new Error(`${(token as Type<unknown>).name} is used by a module that does not import its module`);
  }
  return new Proxy({}, { get: (_, key) => (key === 'then' ? undefined : () => ({})) });
}

describe('identity, one module per concept folder', () => {
  it('compiles: every concept module gets what it injects from the modules it imports', async () => {
    const app = await Test.createTestingModule({ imports: [ConfigStandIn, ...IDENTITY_CONCEPT_MODULES] })
      .useMocker(foundationStandIn)
      .compile();
    expect(app.get(AuthController)).toBeInstanceOf(AuthController);
    expect(app.get(UsersController)).toBeInstanceOf(UsersController);
    await app.close();
  });

  it('declares each provider and controller in one module only, so each is one instance', () => {
    const owners = new Map<Type<unknown>, string[]>();
    for (const module of IDENTITY_CONCEPT_MODULES) {
      for (const declared of [
        ...metadataOf(module, MODULE_METADATA.PROVIDERS),
        ...metadataOf(module, MODULE_METADATA.CONTROLLERS),
      ]) {
        owners.set(declared, [...(owners.get(declared) ?? []), module.name]);
      }
    }
    const twice = [...owners].filter(([, modules]) => modules.length > 1).map(([cls]) => cls.name);
    expect(twice).toEqual([]);
    // The sessions every gateway must hear about are ended through one revocation service.
    expect(owners.get(SessionRevocation)).toEqual(['SessionsModule']);
  });

  it('exports from each module only what another module imports it for', () => {
    const injected = new Set<unknown>();
    for (const module of IDENTITY_CONCEPT_MODULES) {
      for (const declared of [
        ...metadataOf(module, MODULE_METADATA.PROVIDERS),
        ...metadataOf(module, MODULE_METADATA.CONTROLLERS),
      ]) {
        for (const dependency of (Reflect.getMetadata('design:paramtypes', declared) as unknown[] | undefined) ?? []) {
          if (!metadataOf(module, MODULE_METADATA.PROVIDERS).includes(dependency as Type<unknown>)) {
            injected.add(dependency);
          }
        }
      }
    }
    const unused = IDENTITY_CONCEPT_MODULES.flatMap((module) =>
      metadataOf(module, MODULE_METADATA.EXPORTS)
        .filter((exported) => !injected.has(exported))
        .map((exported) => `${module.name}.${exported.name}`),
    );
    expect(unused).toEqual([]);
  });
});
