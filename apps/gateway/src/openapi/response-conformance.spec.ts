import { OpenAPIObject } from '@nestjs/swagger';
import { completeApiDocument } from './api-document';
import { ResponseChecker } from './response-conformance';

/** A document as Nest's explorer writes it for two routes, completed as the gateway completes it. */
const sut = () =>
  new ResponseChecker(
    completeApiDocument({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/things/{thingId}': {
          get: {
            parameters: [{ in: 'path', name: 'thingId', required: true, schema: { type: 'string' } }],
            responses: {
              '200': {
                description: 'OK',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: { id: { type: 'string' }, note: { type: 'string', nullable: true } },
                      required: ['id', 'note'],
                      additionalProperties: false,
                    },
                  },
                },
              },
            },
          },
        },
      },
    } as unknown as OpenAPIObject),
  );

describe('ResponseChecker: each response against the API document (issue 16)', () => {
  it('passes a body its schema allows, null where the schema is nullable', () => {
    expect(sut().check('GET', '/api/v1/things/:thingId', 200, { id: 'a', note: null })).toBeUndefined();
  });

  it('names the operation and where the body strays when a view gains an undeclared field', () => {
    expect(sut().check('GET', '/api/v1/things/:thingId', 200, { id: 'a', note: 'x', secret: 'y' })).toEqual({
      operation: 'GET /api/v1/things/{thingId} 200',
      problems: ['(body) must NOT have additional properties'],
    });
  });

  it('finds a missing or mistyped field, without quoting the value', () => {
    const found = sut().check('GET', '/api/v1/things/:thingId', 200, { id: 42 });
    expect(found?.problems).toEqual(
      expect.arrayContaining(['/id must be string', "(body) must have required property 'note'"]),
    );
    expect(JSON.stringify(found)).not.toContain('42');
  });

  it('holds each error to the problem+json shape, and refuses a status the operation does not document', () => {
    const problem = {
      type: 'urn:x',
      title: 'Not Found',
      status: 404,
      detail: 'No such thing',
      code: 'thing.not_found',
    };
    expect(sut().check('GET', '/api/v1/things/:thingId', 404, problem)).toBeUndefined();
    expect(sut().check('GET', '/api/v1/things/:thingId', 404, { message: 'gone' })?.problems).toContain(
      "(body) must have required property 'code'",
    );
    expect(sut().check('GET', '/api/v1/things/:thingId', 409, problem)?.problems).toEqual([
      'this status is not documented',
    ]);
    expect(sut().check('GET', '/api/v1/things/:thingId', 500, { ...problem, status: 500 })).toBeUndefined();
  });

  it('refuses a success status the operation does not document', () => {
    expect(sut().check('GET', '/api/v1/things/:thingId', 201, { id: 'a', note: null })?.problems).toEqual([
      'this status is not documented',
    ]);
  });

  it('leaves what is not an operation of the document alone', () => {
    expect(sut().check('GET', '/api/docs-json', 200, {})).toBeUndefined();
  });
});

describe('completeApiDocument', () => {
  it('gives each operation the problem answers its shape implies and marks public ones without security', () => {
    const document = completeApiDocument({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/api/v1/things/{thingId}': {
          patch: {
            parameters: [
              { in: 'path', name: 'thingId', required: true, schema: { type: 'string' } },
              { in: 'header', name: 'If-Match', required: true, schema: { type: 'string' } },
            ],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { '200': { description: '' } },
          },
        },
        '/api/v1/auth/sign-in': { post: { 'x-pt-public': true, responses: {} } },
      },
    } as unknown as OpenAPIObject);
    const patch = document.paths['/api/v1/things/{thingId}'].patch!;
    const signIn = document.paths['/api/v1/auth/sign-in'].post!;
    const signInParameters = () => signIn.parameters;
    expect(Object.keys(patch.responses).sort()).toEqual([
      '400',
      '401',
      '403',
      '404',
      '409',
      '412',
      '413',
      '415',
      '422',
      '428',
      '503',
      '504',
    ]);
    // Every signed-in write takes an Idempotency-Key (422: the key was used with another request).
    expect(patch.parameters?.map((parameter) => ('name' in parameter ? parameter.name : ''))).toContain(
      'Idempotency-Key',
    );
    expect(signInParameters()).toBeUndefined();
    expect(patch.security).toBeUndefined();
    expect(signIn.security).toEqual([]);
    expect(Object.keys(signIn.responses).sort()).toEqual(['503', '504']);
    expect(signIn).not.toHaveProperty('x-pt-public');
    expect(Object.keys(document.components!.schemas!)).toEqual(['FieldError', 'Problem']);
  });
});
