import { Writable } from 'node:stream';
import { logContext } from './log-context';
import { createLogger } from './logger';
import { describeError } from './safe-error';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'spec', level: 'info', destination }) };
}

describe('logger', () => {
  it('writes JSON lines with the service, level and message', () => {
    const { lines, logger } = capture();
    logger.info('started');
    expect(lines[0]).toMatchObject({ service: 'spec', level: 'info', msg: 'started' });
  });

  it('redacts tokens, passwords and personal fields, also one level down', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'Sup3rSecretPass',
        accessToken: 'eyJhbGciOi',
        email: 'head@school.example',
        user: { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2015-01-02', refreshToken: 'rt' },
        pupilId: 'p-1',
      },
      'something happened',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of [
      'Sup3rSecretPass',
      'eyJhbGciOi',
      'head@school.example',
      'Ada',
      'Lovelace',
      '2015-01-02',
      '"rt"',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ pupilId: 'p-1', password: '[redacted]' });
  });

  it('adds the request id and tenant of the work in hand to every line', () => {
    const { lines, logger } = capture();
    logContext.run({ requestId: 'req-1', tenantId: 't-1', actorId: 'u-1' }, () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ requestId: 'req-1', tenantId: 't-1', actorId: 'u-1' });
    expect(lines[1].requestId).toBeUndefined();
  });
});

describe('describeError', () => {
  it('keeps the name, SQLSTATE and constraint of a database error but never its message or detail', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "user_email_unique"'), {
      name: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'user_email_unique',
      detail: 'Key (email)=(head@school.example) already exists.',
    });
    const described = describeError(error);
    expect(described).toMatchObject({
      name: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'user_email_unique',
    });
    expect(JSON.stringify(described)).not.toContain('head@school.example');
    expect(JSON.stringify(described)).not.toContain('duplicate key');
  });
});
