import 'reflect-metadata';
import { createLogger, describeError, exitOnShutdownSignal, loadConfigOrExit } from '@pt/platform';
import { createGatewayApp } from './gateway-app';
import { GatewayConfig } from './gateway.config';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfigOrExit(GatewayConfig, 'gateway');
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  try {
    const app = await createGatewayApp(config, logger);
    await app.listen({ port: config.PORT, host: config.HOST });
    exitOnShutdownSignal(() => app.close(), logger, config.SHUTDOWN_TIMEOUT_MS + 5000);
    logger.info({ port: config.PORT, ms: Date.now() - started }, 'gateway listening');
  } catch (error) {
    logger.fatal({ err: describeError(error) }, 'gateway failed to start');
    logger.flush();
    process.exit(1);
  }
}

void main();
