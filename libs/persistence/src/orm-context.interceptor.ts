import { MikroORM, RequestContext } from '@mikro-orm/core';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

/**
 * Gives every message handler its own forked EntityManager (MikroORM request context),
 * so that an identity map is never shared between two messages.
 */
@Injectable()
export class OrmContextInterceptor implements NestInterceptor {
  constructor(private readonly orm: MikroORM) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => {
      RequestContext.create(this.orm.em, () => {
        next.handle().subscribe(subscriber);
      });
    });
  }
}
