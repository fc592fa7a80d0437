import { Constructor, MigrationObject, Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MikroOrmModule, MikroOrmModuleOptions } from '@mikro-orm/nestjs';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { AdvisoryLocks } from './advisory-locks';
import { databaseNames } from './database-names';
import { DirectSql } from './direct-sql';
import { ormOptions } from './orm-options';
import { provisionDatabase } from './provisioning';
import { TransactionEvents } from './transaction-events';
import { UnitOfWork } from './unit-of-work';

export interface PersistenceSettings {
  service: string;
  database: {
    /** Owner connection (DATABASE_URL). */
    adminUrl: string;
    namePrefix: string;
    appPassword?: string;
    poolMax: number;
    /** Test runs only: clone a missing database from the run's migrated template (DB_TEMPLATE_PREFIX). */
    templatePrefix?: string;
  };
  logger: Logger;
  entities: Constructor<unknown>[];
  migrations: MigrationObject[];
  migrationsPathTs: string;
  extraGrants?: (role: string) => string[];
}

/**
 * The service's database: provisioned and migrated before the ORM opens (so a service
 * that is up is always on the current schema), then used through UnitOfWork.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forService(settings: PersistenceSettings): DynamicModule {
    // @mikro-orm/nestjs calls the factory once as soon as the module is defined (forRootAsync
    // builds a driver from it to learn its EntityManager class), then again when Nest creates
    // the provider. Only the second needs the database: provisioned then, once. Provisioning
    // on the first call made a module merely defined (the access specs read a service's
    // decorators this way) create and migrate a database in the background. Should a later
    // @mikro-orm/nestjs stop calling it early, the ORM would open the owner's database, where
    // no table of the service is, and every integration spec would fail at once.
    let calls = 0;
    let provisioned: Promise<MikroOrmModuleOptions<PostgreSqlDriver>> | undefined;
    return {
      module: PersistenceModule,
      imports: [
        MikroOrmModule.forRootAsync({
          useFactory: () => (++calls === 1 ? driverOptions(settings) : (provisioned ??= provision(settings))),
        }),
      ],
      // No request context per message: every unit of work forks its own EntityManager and
      // the global one refuses queries (allowGlobalContext: false), so a handler that
      // bypassed UnitOfWork fails loudly instead of sharing an identity map; and messages
      // that never touch the ORM (sign-in) do not pay for a fork.
      providers: [TransactionEvents, UnitOfWork, DirectSql, AdvisoryLocks],
      exports: [TransactionEvents, UnitOfWork, DirectSql, AdvisoryLocks],
    };
  }
}

/** The ORM's options before the database is provisioned: enough to build a driver, never to connect. */
function driverOptions(settings: PersistenceSettings): MikroOrmModuleOptions<PostgreSqlDriver> {
  return ormOptions({
    service: settings.service,
    clientUrl: settings.database.adminUrl,
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsPathTs: settings.migrationsPathTs,
    poolMax: settings.database.poolMax,
  });
}

async function provision(settings: PersistenceSettings): Promise<MikroOrmModuleOptions<PostgreSqlDriver>> {
  const { database, service, logger } = settings;
  const names = databaseNames(database.namePrefix, service);
  const base = driverOptions(settings);
  const started = Date.now();
  const result = await provisionDatabase({
    adminUrl: database.adminUrl,
    names,
    appPassword: database.appPassword,
    orm: base,
    extraGrants: settings.extraGrants,
    template: database.templatePrefix ? { prefix: database.templatePrefix, service } : undefined,
  });
  logger.info(
    {
      database: names.database,
      role: names.appRole,
      migrationsApplied: result.migrationsApplied,
      rowSecurityTables: result.rowSecurityTables.length,
      ms: Date.now() - started,
    },
    'database ready',
  );
  return { ...base, clientUrl: result.runtimeUrl, registerRequestContext: false };
}
