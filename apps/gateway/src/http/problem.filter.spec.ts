import { ArgumentsHost, NotFoundException } from '@nestjs/common';
import { BusErrorKind } from '@pt/contracts';
import { BusException, toBusErrorBody } from '@pt/platform';
import pino from 'pino';
import { ProblemFilter } from './problem.filter';
import { RequestValidationException } from './validation';

function respond(exception: unknown) {
  const reply = {
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    header(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const request = { id: 'req-1', method: 'GET', url: '/api/v1/pupils/42?q=Smith' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as ArgumentsHost;
  new ProblemFilter(pino({ level: 'silent' })).catch(exception, host);
  return reply as typeof reply & { body: Record<string, unknown> };
}

describe('ProblemFilter', () => {
  it.each<[BusErrorKind, number]>([
    ['validation', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['precondition_failed', 412],
    ['too_many_requests', 429],
    ['unavailable', 503],
    ['timeout', 504],
  ])('answers a service failure of kind %s with %i problem+json keeping its code', (kind, status) => {
    const reply = respond(new BusException({ kind, code: `thing.${kind}`, message: 'What happened' }));
    expect(reply.statusCode).toBe(status);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ status, code: `thing.${kind}`, detail: 'What happened', requestId: 'req-1' });
  });

  it('tells clients when to retry an unavailable service', () => {
    expect(respond(BusException.unavailable('service.unavailable', 'down')).headers['retry-after']).toBe('5');
    const throttled = respond(BusException.tooManyRequests('too_many_requests', 'wait', { retryAfterSeconds: 30 }));
    expect(throttled.headers['retry-after']).toBe('30');
  });

  it("answers a service's unreachable database with 503, Retry-After and a retryable code", () => {
    const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    const reply = respond(new BusException(toBusErrorBody(starting)));
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBe('5');
    expect(reply.body).toMatchObject({ status: 503, code: 'database.unavailable', retryAfterSeconds: 5 });
  });

  it('lists the fields of a validation failure', () => {
    const reply = respond(new RequestValidationException([{ field: 'upn', message: 'is not a valid UPN' }]));
    expect(reply.body).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'upn' }] });
  });

  it('names an unknown route without echoing its query string', () => {
    const reply = respond(new NotFoundException('Cannot GET /api/v1/pupils/42?q=Smith'));
    expect(reply.body).toMatchObject({ status: 404, code: 'route.not_found' });
    expect(JSON.stringify(reply.body)).not.toContain('Smith');
  });

  it('answers anything unexpected with a bare 500', () => {
    const reply = respond(new Error('duplicate key (email)=(head@school.example)'));
    expect(reply.statusCode).toBe(500);
    expect(reply.body).toMatchObject({ code: 'internal_error', detail: 'An unexpected error occurred' });
    expect(JSON.stringify(reply.body)).not.toContain('head@school.example');
  });

  it('does not let a service overwrite the standard members through details', () => {
    const reply = respond(
      BusException.conflict('pupil.upn_taken', 'msg', { status: 200, code: 'fake', pupilId: 'p1' }),
    );
    expect(reply.body).toMatchObject({ status: 409, code: 'pupil.upn_taken', pupilId: 'p1' });
  });
});
