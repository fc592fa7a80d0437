import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OpenApiSchema, REPLY_SCHEMAS } from '@pt/contracts';

/** Marks a public operation in the generated document until completion gives it `security: []`. */
export const PUBLIC_OPERATION = 'x-pt-public';

const PROBLEM = 'application/problem+json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = {
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: unknown;
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: OpenApiSchema }>; headers?: unknown }
  >;
  security?: unknown[];
  summary?: string;
  [extension: string]: unknown;
};

const PROBLEM_SCHEMAS: Record<string, OpenApiSchema> = {
  FieldError: {
    type: 'object',
    properties: {
      field: { type: 'string', description: 'The field, as a path: `cells[3].value`, `subject.id`' },
      message: { type: 'string' },
    },
    required: ['field', 'message'],
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details with a stable machine `code`; never holds personal data.',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', description: 'Stable error code, e.g. `pupil.not_found`' },
      instance: { type: 'string' },
      requestId: { type: 'string' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    },
    required: ['type', 'title', 'status', 'detail', 'code'],
  },
};

/** Every signed-in write takes one (IETF draft-ietf-httpapi-idempotency-key-header; apps/gateway/src/idempotency). */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'A key of yours (a structured-field string, 1-255 printable characters) for this request: a retry with the same key, method, path and body within 24 hours answers what the first did without doing it again (marked Idempotent-Replayed: true); the same key with another request is 422; a retry while the first is still running is 409',
  schema: { type: 'string' as const, minLength: 1, maxLength: 257 },
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
};

function problem(description: string, headers?: object) {
  return {
    description,
    content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } },
    ...(headers && { headers }),
  };
}

/**
 * The error answers an operation can give, from its shape: what it takes (400, 415), whom it
 * admits (401, 403), what it names (404), whether it is conditional (412, 428), and that
 * every route behind the gateway can find its service, database or the bus away (503) or slow
 * (504). A route documents any other (409, 429, ...) itself.
 */
function errorResponses(operation: Operation, method: string, isPublic: boolean, overBus: boolean) {
  const parameters = operation.parameters ?? [];
  const errors: Operation['responses'] = {};
  const signedInWrite = !isPublic && method !== 'get';
  if (parameters.some((p) => p.in === 'path' || p.in === 'query') || operation.requestBody || signedInWrite) {
    errors['400'] = problem('Bad input: `errors` names each refused field');
  }
  if (!isPublic) {
    errors['401'] = problem('No valid access token or session');
    errors['403'] = problem(
      "Signed in without the permission this needs, a missing CSRF token, or a change while the school's subscription is in grace",
    );
  }
  if (parameters.some((p) => p.in === 'path')) errors['404'] = problem('Nothing of that id in this school');
  const ifMatch = parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match');
  if (ifMatch) errors['412'] = problem('The If-Match version is no longer current');
  if (ifMatch?.required) errors['428'] = problem('If-Match is required');
  if (operation.requestBody) {
    errors['413'] = problem('The body is larger than the gateway takes');
    errors['415'] = problem('The body is not JSON');
  }
  // A change can meet a state that refuses it (a restricted pupil, a closed point, a name
  // taken, a version in use): every signed-in write documents 409 with its `code`.
  if (signedInWrite) {
    errors['409'] = problem(
      'Conflicts with the current state (`code` says which rule), or the first request with this Idempotency-Key is still being answered',
    );
    errors['422'] = problem('This Idempotency-Key was used with another request (method, path or body)');
  }
  if (overBus) {
    errors['503'] = problem('A service, its database or the bus is away, or a maintenance window: retry', RETRY_AFTER);
    errors['504'] = problem('The service did not answer in time');
  }
  return errors;
}

function referencedSchemas(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) for (const item of node) referencedSchemas(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!found.has(name)) {
          found.add(name);
          referencedSchemas(REPLY_SCHEMAS.components[name] ?? PROBLEM_SCHEMAS[name], found);
        }
      } else referencedSchemas(value, found);
    }
  }
}

/** OpenAPI 3.0 wants a type beside `nullable`: a nullable reference (`allOf: [$ref]`) is an object. */
function typeNullableReferences(node: unknown): void {
  if (Array.isArray(node)) for (const item of node) typeNullableReferences(item);
  else if (node && typeof node === 'object') {
    const schema = node as OpenApiSchema;
    if (schema.nullable === true && schema.type === undefined && schema.allOf) schema.type = 'object';
    for (const value of Object.values(schema)) typeNullableReferences(value);
  }
}

/**
 * Completes what Nest's explorer writes: the contracts' schemas every reply refers to, the
 * problem+json answers of each operation, its security (bearer or the session cookie, or none
 * on public routes), and a server.
 */
export function completeApiDocument(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      const isPublic = operation[PUBLIC_OPERATION] === true;
      delete operation[PUBLIC_OPERATION];
      if (isPublic) operation.security = [];
      // Nest's explorer writes an empty 200/201 for a route that documents no answer: a
      // placeholder, not a description; dropped, so the coverage test counts the route.
      for (const [status, response] of Object.entries(operation.responses)) {
        if ((status === '200' || status === '201') && response.description === '' && !response.content) {
          delete operation.responses[status];
        }
      }
      const overBus = !path.startsWith('/health/live') && !path.startsWith('/metrics');
      if (!isPublic && method !== 'get') operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
      operation.responses = { ...errorResponses(operation, method, isPublic, overBus), ...operation.responses };
    }
  }
  const used = new Set<string>(['Problem', 'FieldError']);
  referencedSchemas(document.paths, used);
  const schemas: Record<string, unknown> = { ...(document.components?.schemas ?? {}) };
  for (const name of [...used].sort())
    schemas[name] ??= structuredClone(REPLY_SCHEMAS.components[name] ?? PROBLEM_SCHEMAS[name]);
  typeNullableReferences(schemas);
  document.components = { ...document.components, schemas: schemas as never };
  return document;
}

/** The gateway's OpenAPI document, served at /api/docs (and as JSON at /api/docs-json). */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Pupil tracking platform API')
      .setDescription(
        'The gateway: the only HTTP entry point. Errors are application/problem+json (RFC 9457) with a stable `code`.',
      )
      .setVersion('1')
      .setLicense('AGPL-3.0-only', 'https://www.gnu.org/licenses/agpl-3.0.html')
      .addServer('/', 'This gateway')
      .addBearerAuth()
      .addCookieAuth('__Host-pt_access')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('cookie')
      .build(),
  );
  return completeApiDocument(document);
}
