import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { BusErrorBody } from '@pt/contracts';
import { isIdempotentReplay } from '@pt/persistence';
import { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';
import { describeError } from '../logging/safe-error';
import { toBusErrorBody } from './error-mapping';

/**
 * Every error a message handler throws leaves as a typed BusErrorBody. Unexpected ones
 * are logged here (without their messages, which may hold data) and answered as
 * `internal` without detail.
 */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    // A recorded reply on its way out to the bus server, which answers it as it was.
    if (isIdempotentReplay(exception)) return throwError(() => exception);
    const body: BusErrorBody = toBusErrorBody(exception);
    if (body.kind === 'internal') this.logger.error({ err: describeError(exception) }, 'message handler failed');
    else if (body.code === 'database.unavailable')
      this.logger.warn({ err: describeError(exception) }, 'database unavailable');
    return throwError(() => body);
  }
}
