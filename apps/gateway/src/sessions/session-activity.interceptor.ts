import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { ActivityReporter } from './activity-reporter';

/** P13: every authenticated request notes its session's activity (in memory; see ActivityReporter). */
@Injectable()
export class SessionActivityInterceptor implements NestInterceptor {
  constructor(private readonly reporter: ActivityReporter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal;
    // A finance API key has no session to keep alive.
    if (principal && !principal.apiKeyId) {
      const userAgent = request.headers['user-agent'];
      this.reporter.seen(principal.sessionId, request.ip ?? null, typeof userAgent === 'string' ? userAgent : null);
    }
    return next.handle();
  }
}
