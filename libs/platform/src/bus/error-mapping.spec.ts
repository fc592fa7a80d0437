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
});
