import { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { NatsConnection } from 'nats';
import { Logger } from 'pino';
import { assertEveryHandlerDeclaresAccess } from '../access/access-table';
import { BusExceptionFilter } from '../bus/bus-exception.filter';
import { NatsBusServer } from '../bus/bus-server';
import { NATS_CONNECTION, natsLinkUp } from '../bus/nats-connection';
import { SubjectNamespace } from '../bus/subject-namespace';
import { BaseConfig } from '../config/base.config';
import { loadConfigOrExit } from '../config/config-loader';
import { createLogger, NestPinoLogger } from '../logging/logger';
import { describeError } from '../logging/safe-error';
import { ReadinessChecks, serveOperations } from './operations-server';
import { exitOnShutdownSignal } from './shutdown';

export interface ServiceBootstrap<C extends BaseConfig> {
  service: string;
  configSchema: new () => C;
  module: (config: C, logger: Logger) => DynamicModule;
}

export interface RunningService {
  app: INestMicroservice;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Starts a bus service: validated config first (exit 78 naming the bad variable), then
 * every bus handler's declared access (exit 1 naming any handler without @Access), then
 * the module graph (database provisioned and migrated), then the NATS subscriptions.
 * SIGTERM/SIGINT stop taking messages, finish in-flight work, drain NATS and close the pool.
 */
export async function bootstrapService<C extends BaseConfig>(spec: ServiceBootstrap<C>): Promise<RunningService> {
  const started = Date.now();
  const config = loadConfigOrExit(spec.configSchema, spec.service);
  const logger = createLogger({ service: spec.service, level: config.LOG_LEVEL });
  process.on('unhandledRejection', (reason) => logger.error({ err: describeError(reason) }, 'unhandled rejection'));

  let app: INestMicroservice;
  let bus: NatsBusServer;
  try {
    const module = spec.module(config, logger);
    // A bus handler without @Access would be refused every message: refuse to start instead.
    assertEveryHandlerDeclaresAccess(module);
    bus = new NatsBusServer({
      service: spec.service,
      servers: config.natsServers,
      credentials: config.natsCredentials,
      logger,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      namespace: new SubjectNamespace(config.NATS_NAMESPACE),
    });
    app = await NestFactory.createMicroservice(module, { strategy: bus, logger: new NestPinoLogger(logger) });
    app.useGlobalFilters(new BusExceptionFilter(logger));
    await app.listen();
  } catch (error) {
    logger.fatal({ err: describeError(error) }, 'service failed to start');
    logger.flush();
    process.exit(1);
  }

  const metricsServer = config.METRICS_PORT
    ? serveOperations(config.METRICS_PORT, readinessChecks(app, bus))
    : undefined;
  const close = async () => {
    metricsServer?.close();
    await app.close();
  };
  // The budget covers in-flight messages (SHUTDOWN_TIMEOUT_MS) plus draining and closing.
  exitOnShutdownSignal(close, logger, config.SHUTDOWN_TIMEOUT_MS + 5000);
  logger.info({ ms: Date.now() - started }, 'service ready');
  return { app, logger, close };
}

/** A replica is ready while its database answers and both its NATS links (requests, events) are up. */
function readinessChecks(app: INestMicroservice, bus: NatsBusServer): ReadinessChecks {
  const orm = app.get(MikroORM, { strict: false });
  // Services that publish or consume events hold a second connection for it.
  let events: NatsConnection | undefined;
  try {
    events = app.get<NatsConnection>(NATS_CONNECTION, { strict: false });
  } catch {
    events = undefined;
  }
  return {
    database: async () => {
      await orm.em.getConnection().execute('select 1');
      return true;
    },
    bus: () => natsLinkUp(bus.unwrap<NatsConnection>()) && (!events || natsLinkUp(events)),
  };
}
