import { Logger } from 'pino';
import { describeError } from '../logging/safe-error';

/**
 * On SIGTERM or SIGINT: close (stop taking work, finish in-flight work, drain NATS,
 * close the pool) and exit 0; exit 1 if closing fails or outlasts its budget. A second
 * signal exits at once.
 */
export function exitOnShutdownSignal(close: () => Promise<void>, logger: Logger, budgetMs: number): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ budgetMs }, 'shutdown took too long; exiting');
      logger.flush();
      process.exit(1);
    }, budgetMs);
    force.unref();
    close().then(
      () => {
        logger.info('stopped');
        logger.flush();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: describeError(error) }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
