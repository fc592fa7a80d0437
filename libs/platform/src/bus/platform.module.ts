import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { BaseConfig } from '../config/base.config';
import { Clock, CLOCK_PROCESS_NAME } from '../clock/clock';
import { FileStore } from '../files/file-store';
import { PeriodicJobs } from '../jobs/periodic-jobs';
import { PLATFORM_LOGGER } from '../logging/platform-logger';
import { Broadcasts } from './broadcasts';
import { BUS_DEFAULT_TIMEOUT_MS, BusClient } from './bus-client';
import { connectNats, NATS_CONNECTION } from './nats-connection';
import { SUBJECT_NAMESPACE, SubjectNamespace } from './subject-namespace';

export { PLATFORM_LOGGER };

export interface PlatformSettings<C extends BaseConfig> {
  service: string;
  config: C;
  logger: Logger;
}

@Injectable()
class NatsConnectionLifecycle implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    // Drain: flush what is pending and let subscriptions finish before closing.
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }
}

/**
 * What every process gets: its validated config (injectable by its own class or any
 * class it extends), the JSON logger, one NATS connection, the typed bus client and
 * broadcasts, and the service's periodic jobs.
 */
@Global()
@Module({})
export class PlatformModule {
  static forService<C extends BaseConfig>({ service, config, logger }: PlatformSettings<C>): DynamicModule {
    const configProviders = configClassesOf(config).map((cls) => ({ provide: cls, useValue: config }));
    return {
      module: PlatformModule,
      providers: [
        ...configProviders,
        { provide: PLATFORM_LOGGER, useValue: logger },
        { provide: BUS_DEFAULT_TIMEOUT_MS, useValue: config.NATS_REQUEST_TIMEOUT_MS },
        { provide: SUBJECT_NAMESPACE, useValue: new SubjectNamespace(config.NATS_NAMESPACE) },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connectNats({ servers: config.natsServers, name: service, credentials: config.natsCredentials }),
        },
        NatsConnectionLifecycle,
        BusClient,
        Broadcasts,
        FileStore,
        { provide: CLOCK_PROCESS_NAME, useValue: service },
        Clock,
        PeriodicJobs,
      ],
      exports: [
        ...configProviders.map((p) => p.provide),
        PLATFORM_LOGGER,
        SUBJECT_NAMESPACE,
        BUS_DEFAULT_TIMEOUT_MS,
        NATS_CONNECTION,
        BusClient,
        Broadcasts,
        FileStore,
        Clock,
        PeriodicJobs,
      ],
    };
  }
}

/** The config's class and each class it extends (a service asks for its own or for BaseConfig). */
function configClassesOf(config: BaseConfig): Function[] {
  const classes: Function[] = [];
  for (
    let proto = Object.getPrototypeOf(config);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    classes.push(proto.constructor);
  }
  return classes;
}
