import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { logContext } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/** Every log line written while handling a request carries its request id and tenant. */
@Injectable()
export class LogContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const fields = {
      requestId: request.id,
      tenantId: request.principal?.tenantId ?? null,
      actorId: request.principal?.userId ?? null,
    };
    return new Observable((subscriber) => logContext.run(fields, () => next.handle().subscribe(subscriber)));
  }
}
