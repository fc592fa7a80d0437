import { Constructor, MigrationObject } from '@mikro-orm/core';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { ServiceName } from '@pt/contracts';
import { PersistenceModule } from '@pt/persistence';
import { Logger } from 'pino';
import { PlatformModule } from '../bus/platform.module';
import { DataServiceConfig } from '../config/base.config';
import { EVENT_ENTITIES } from '../events/outbox-message.entity';
import { EventsModule } from '../events/events.module';
import { createHealthController } from '../health/health.controller';

export interface DataServiceSettings<C extends DataServiceConfig> {
  service: ServiceName;
  config: C;
  logger: Logger;
  /** The service's own entities (the outbox and inbox tables are added here). */
  entities: Constructor<unknown>[];
  migrations: MigrationObject[];
  migrationsPathTs: string;
  extraGrants?: (role: string) => string[];
}

@Module({})
class HealthModule {}

/**
 * The modules every data service stands on: config, logging, NATS and the bus client;
 * its own database (provisioned, migrated, RLS enforced); durable events; and the
 * health check. An app's root module imports this and adds its domain modules.
 */
export function dataServiceFoundation<C extends DataServiceConfig>(settings: DataServiceSettings<C>): DynamicModule[] {
  const { service, config, logger } = settings;
  const health: DynamicModule = {
    module: HealthModule,
    controllers: [createHealthController(service) as Type<unknown>],
  };
  return [
    PlatformModule.forService({ service, config, logger }),
    PersistenceModule.forService({
      service,
      logger,
      database: {
        adminUrl: config.DATABASE_URL,
        namePrefix: config.DB_NAME_PREFIX,
        appPassword: config.DB_APP_PASSWORD,
        poolMax: config.DB_POOL_MAX,
        templatePrefix: config.DB_TEMPLATE_PREFIX,
      },
      entities: [...EVENT_ENTITIES, ...settings.entities],
      migrations: settings.migrations,
      migrationsPathTs: settings.migrationsPathTs,
      extraGrants: settings.extraGrants,
    }),
    EventsModule.forService(),
    health,
  ];
}
