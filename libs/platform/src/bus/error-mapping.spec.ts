import { BusException } from './bus-exception';
import { toBusErrorBody } from './error-mapping';

describe('toBusErrorBody', () => {
  it('keeps a BusException as it was thrown', () => {
    const body = toBusErrorBody(BusException.notFound('pupil.not_found', 'No such pupil'));
    expect(body).toEqual({ kind: 'not_found', code: 'pupil.not_found', message: 'No such pupil' });
  });

  it.each([
    ['NotFoundError', 'not_found', 'not_found'],
    ['OptimisticLockError', 'precondition_failed', 'stale_version'],
    ['UniqueConstraintViolationException', 'conflict', 'duplicate'],
    ['ForeignKeyConstraintViolationException', 'conflict', 'reference_conflict'],
  ])('gives the ORM failure %s its meaning (%s)', (name, kind, code) => {
    const error = Object.assign(new Error('insert into "user" ... values (\'head@school.example\')'), { name });
    const body = toBusErrorBody(error);
    expect(body).toMatchObject({ kind, code });
    expect(body.message).not.toContain('head@school.example');
  });

  it('answers anything else as internal without detail', () => {
    expect(toBusErrorBody(new TypeError('x is undefined'))).toEqual({
      kind: 'internal',
      code: 'internal_error',
      message: 'An unexpected error occurred',
    });
  });

  describe('a database that cannot be reached is unavailable (503, retry), not internal', () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

    it.each([
      ['nothing listens (ECONNREFUSED)', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
      ['the server is starting (57P03 cannot_connect_now)', coded('57P03', 'the database system is starting up')],
      ['the server is shutting down (57P01 admin_shutdown)', coded('57P01')],
      ['a crash restart (57P02)', coded('57P02')],
      ['a connection exception (08006)', coded('08006')],
      ['could not establish a connection (08001)', coded('08001')],
      ['too many connections (53300)', coded('53300')],
      ['a cut connection (pg)', new Error('Connection terminated unexpectedly')],
      ['a cut connection under a statement (knex)', new Error('begin - Connection terminated unexpectedly')],
      ['a connection cut while connecting (pg)', new Error('Connection ended unexpectedly')],
      ['a connect timeout (pg)', new Error('timeout exceeded when trying to connect')],
      [
        'a pool acquire timeout (knex)',
        Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' }),
      ],
      ['every address refused (AggregateError)', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')])],
      ['the ORM wrapping the driver (cause)', new Error('insert failed', { cause: coded('57P03') })],
    ])('%s', (_case, error) => {
      expect(toBusErrorBody(error)).toEqual({
        kind: 'unavailable',
        code: 'database.unavailable',
        message: 'The service cannot reach its database just now; try again shortly',
        details: { retryAfterSeconds: 5 },
      });
    });

    it.each([
      ['a syntax error (42601)', coded('42601')],
      ['a NUL in text (22021)', coded('22021')],
      ['a serialization failure (40001)', coded('40001')],
    ])('but not %s', (_case, error) => {
      expect(toBusErrorBody(error).kind).toBe('internal');
    });
  });
});
