import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GATEWAY_ERRORS } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { from, mergeMap, Observable, of } from 'rxjs';
import {
  IDEMPOTENCY_KEY_HEADER,
  idempotencyCallerOf,
  idempotencyKeyHash,
  idempotencyKeyOf,
  requestFingerprint,
} from './idempotency-key';
import { IdempotentRequests } from './idempotent-requests';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Idempotency-Key on every write (IETF draft-ietf-httpapi-idempotency-key-header; P28 for
 * finance systems, and for every client): the first request with a key runs and its answer
 * is kept 24 hours; a retry with the same key, method, path and body gets that answer again
 * without running; the same key with another request is 422; a retry while the first is
 * still running is 409. Runs after authentication (keys are per caller, and a refused
 * request keeps nothing) and before validation (whose 400 frees the key again).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly requests: IdempotentRequests) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER];
    // Public writes (sign-in, password links) have no caller to keep answers for.
    if (header === undefined || !WRITES.has(request.method) || !request.principal) return next.handle();
    const key = idempotencyKeyOf(header);
    if (key === null) {
      throw BusException.validation([
        { field: 'Idempotency-Key', message: 'must be one string of 1 to 255 printable ASCII characters' },
      ]);
    }
    const ref = {
      caller: idempotencyCallerOf(request.principal),
      keyHash: idempotencyKeyHash(key),
      fingerprint: requestFingerprint(request.method, request.url, request.body),
      owner: this.requests.owner,
    };
    return from(this.requests.begin(ref)).pipe(
      mergeMap((begun) => {
        switch (begun.outcome) {
          case 'proceed':
            request.idempotency = { ref };
            return next.handle();
          case 'replay':
            request.idempotency = { ref, replay: begun.answer };
            return of(undefined);
          case 'reused':
            throw BusException.unprocessable(
              GATEWAY_ERRORS.IDEMPOTENCY_KEY_REUSED,
              'This Idempotency-Key was used with another request; use a new key for a new request',
            );
          case 'in_flight':
            throw BusException.conflict(
              GATEWAY_ERRORS.IDEMPOTENCY_KEY_IN_FLIGHT,
              'The first request with this Idempotency-Key is still being answered; retry shortly',
            );
        }
      }),
    );
  }
}
