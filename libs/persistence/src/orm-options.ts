import { Constructor, MigrationObject, Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { tenantFilter } from './tenant-filter';

export interface ServiceOrmSettings {
  service: string;
  clientUrl: string;
  entities: Constructor<unknown>[];
  /** The committed migrations, listed explicitly so that compiled code needs no file globbing. */
  migrations: MigrationObject[];
  /** Source folder where `npm run migration:create` writes new migrations. */
  migrationsPathTs: string;
  poolMax: number;
}

export function ormOptions(settings: ServiceOrmSettings): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl: settings.clientUrl,
    entities: settings.entities,
    filters: { tenant: tenantFilter },
    // Every unit of work forks its own EntityManager; the global one must never hold state.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: false,
    pool: { min: 0, max: settings.poolMax, idleTimeoutMillis: 30_000 },
    driverOptions: { connection: { application_name: settings.service } },
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: settings.migrations,
      pathTs: settings.migrationsPathTs,
      path: settings.migrationsPathTs,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // Applied migrations are logged as one JSON line by provisioning.
      silent: true,
      disableForeignKeys: false,
    },
    discovery: { warnWhenNoEntities: false },
    debug: false,
  };
}
