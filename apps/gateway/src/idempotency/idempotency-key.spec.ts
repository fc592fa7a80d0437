import { idempotencyCallerOf, idempotencyKeyOf, requestFingerprint } from './idempotency-key';

describe('P28: the Idempotency-Key header', () => {
  it('takes a structured-field string, with its escapes, or a bare token', () => {
    expect(idempotencyKeyOf('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(idempotencyKeyOf('"a \\"b\\" \\\\c"')).toBe('a "b" \\c');
    expect(idempotencyKeyOf('run-2026-12-06')).toBe('run-2026-12-06');
  });

  it('refuses an empty, unterminated, too long, repeated or non-ASCII key', () => {
    expect(idempotencyKeyOf('""')).toBeNull();
    expect(idempotencyKeyOf('"open')).toBeNull();
    expect(idempotencyKeyOf('x'.repeat(256))).toBeNull();
    expect(idempotencyKeyOf('x'.repeat(255))).toBe('x'.repeat(255));
    expect(idempotencyKeyOf(['a', 'b'])).toBeNull();
    expect(idempotencyKeyOf('clé')).toBeNull();
    expect(idempotencyKeyOf('two words')).toBeNull();
  });

  it('tells requests apart by method, path and body, and by nothing else', () => {
    const base = requestFingerprint('POST', '/api/v1/x', { a: 1 });
    expect(requestFingerprint('post', '/api/v1/x', { a: 1 })).toBe(base);
    expect(requestFingerprint('POST', '/api/v1/y', { a: 1 })).not.toBe(base);
    expect(requestFingerprint('PUT', '/api/v1/x', { a: 1 })).not.toBe(base);
    expect(requestFingerprint('POST', '/api/v1/x', { a: 2 })).not.toBe(base);
  });

  it('keeps callers apart: a finance key, a person, a school', () => {
    const person = {
      userId: 'u1',
      sessionId: 's',
      tenantId: 't1',
      actorKind: 'staff' as const,
      roles: [],
      permissions: [],
      classGroupIds: null,
    };
    expect(idempotencyCallerOf(person)).toBe('staff:u1:t1');
    expect(idempotencyCallerOf({ ...person, tenantId: null, actorKind: 'platform', apiKeyId: 'u1' })).toBe(
      'api-key:u1:-',
    );
  });
});
