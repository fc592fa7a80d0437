import { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer, Server } from 'node:http';
import { Logger } from 'pino';
import { assertEveryHandlerDeclaresAccess } from '../access/access-table';
import { BusExceptionFilter } from '../bus/bus-exception.filter';
import { NatsBusServer } from '../bus/bus-server';
import { SubjectNamespace } from '../bus/subject-namespace';
import { BaseConfig } from '../config/base.config';
import { loadConfigOrExit } from '../config/config-loader';
import { createLogger, NestPinoLogger } from '../logging/logger';
import { describeError } from '../logging/safe-error';
import { metricsRegistry } from '../metrics/platform-metrics';
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
  try {
    const module = spec.module(config, logger);
    // A bus handler without @Access would be refused every message: refuse to start instead.
    assertEveryHandlerDeclaresAccess(module);
    app = await NestFactory.createMicroservice(module, {
      strategy: new NatsBusServer({
        service: spec.service,
        servers: config.natsServers,
        credentials: config.natsCredentials,
        logger,
        shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
        namespace: new SubjectNamespace(config.NATS_NAMESPACE),
      }),
      logger: new NestPinoLogger(logger),
    });
    app.useGlobalFilters(new BusExceptionFilter(logger));
    await app.listen();
  } catch (error) {
    logger.fatal({ err: describeError(error) }, 'service failed to start');
    logger.flush();
    process.exit(1);
  }

  const metricsServer = config.METRICS_PORT ? serveMetrics(config.METRICS_PORT) : undefined;
  const close = async () => {
    metricsServer?.close();
    await app.close();
  };
  // The budget covers in-flight messages (SHUTDOWN_TIMEOUT_MS) plus draining and closing.
  exitOnShutdownSignal(close, logger, config.SHUTDOWN_TIMEOUT_MS + 5000);
  logger.info({ ms: Date.now() - started }, 'service ready');
  return { app, logger, close };
}

/** A service's own Prometheus endpoint, when METRICS_PORT is set (it has no HTTP otherwise). */
function serveMetrics(port: number): Server {
  const server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', metricsRegistry.contentType);
    res.end(await metricsRegistry.metrics());
  });
  server.listen(port);
  return server;
}
