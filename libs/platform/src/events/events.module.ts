import { MikroORM } from '@mikro-orm/postgresql';
import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { TransactionEvents, UnitOfWork } from '@pt/persistence';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { NATS_CONNECTION } from '../bus/nats-connection';
import { PLATFORM_LOGGER } from '../bus/platform.module';
import { DataServiceConfig } from '../config/base.config';
import { DurableConsumer, DurableConsumerOptions } from './durable-consumer';
import { EVENT_NAMESPACE, EventNamespace } from './event-namespace';
import { ensureEventStream } from './event-stream';
import { OutboxRelay } from './outbox-relay';
import { IdempotentReplyExpiry } from '../idempotency/idempotent-reply-expiry';

/**
 * Makes durable consumers for a service's modules, and stops them all (finishing the
 * message in hand) before the connections close.
 */
@Injectable()
export class EventConsumers implements OnModuleDestroy {
  private readonly started: DurableConsumer[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly orm: MikroORM,
    private readonly unitOfWork: UnitOfWork,
    @Inject(EVENT_NAMESPACE) private readonly namespace: EventNamespace,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async start(options: DurableConsumerOptions): Promise<DurableConsumer> {
    const consumer = new DurableConsumer(this.nc, this.orm, this.unitOfWork, this.namespace, this.logger, options);
    await consumer.start();
    this.started.push(consumer);
    return consumer;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.started.map((consumer) => consumer.stop()));
  }
}

/** The stream made at start, the relay started after boot and stopped before the connections close. */
@Injectable()
export class EventsLifecycle implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(EVENT_NAMESPACE) private readonly namespace: EventNamespace,
    private readonly config: DataServiceConfig,
    private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureEventStream(await this.nc.jetstreamManager(), {
      namespace: this.namespace,
      maxAgeHours: this.config.EVENTS_MAX_AGE_HOURS,
      replicas: this.config.EVENTS_REPLICAS,
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }
}

/** Durable events for a data service: the stream, the outbox relay and consumers. */
@Global()
@Module({})
export class EventsModule {
  static forService(): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        {
          provide: EVENT_NAMESPACE,
          inject: [DataServiceConfig],
          useFactory: (config: DataServiceConfig) => new EventNamespace(config.NATS_NAMESPACE),
        },
        {
          provide: OutboxRelay,
          inject: [MikroORM, NATS_CONNECTION, EVENT_NAMESPACE, TransactionEvents, PLATFORM_LOGGER, DataServiceConfig],
          useFactory: (
            orm: MikroORM,
            nc: NatsConnection,
            namespace: EventNamespace,
            events: TransactionEvents,
            logger: Logger,
            config: DataServiceConfig,
          ) => new OutboxRelay(orm, nc, namespace, events, logger, { pollMs: config.OUTBOX_POLL_MS }),
        },
        EventConsumers,
        EventsLifecycle,
        IdempotentReplyExpiry,
      ],
      exports: [EVENT_NAMESPACE, OutboxRelay, EventConsumers, IdempotentReplyExpiry],
    };
  }
}
