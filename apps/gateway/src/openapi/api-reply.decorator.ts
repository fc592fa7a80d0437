import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { MessagePattern, OpenApiSchema, REPLY_SCHEMAS, ReplyOf } from '@pt/contracts';

type ResponseHeaders = Record<string, { description: string; schema: { type: 'string' } }>;

/** A versioned resource's answer: its version, for If-Match on the next change. */
export const ETAG: ResponseHeaders = {
  ETag: { description: 'The version, to send back in If-Match when changing it', schema: { type: 'string' } },
};

/** A created resource's answer: where it lives, and its version. */
export const LOCATION_AND_ETAG: ResponseHeaders = {
  ...ETAG,
  Location: { description: 'The new resource', schema: { type: 'string' } },
};

type Handler<R> = (...args: never[]) => Promise<R> | R;

/** The schema of a pattern's reply, from the contracts' generated schemas. */
export function replySchemaOf(pattern: MessagePattern<unknown, unknown>): OpenApiSchema {
  const schema = REPLY_SCHEMAS.replies[pattern.subject];
  if (!schema) throw new Error(`no reply schema for ${pattern.subject}: run npm run generate:reply-schemas`);
  return schema;
}

/**
 * Documents a route's success answer as the reply of the pattern it forwards to. The handler
 * must return that reply's type (checked by the compiler), and the schema is generated from the
 * same type, so the document cannot say one thing while the route sends another.
 */
export function ApiReply<P extends MessagePattern<unknown, unknown>>(
  pattern: P,
  status: 200 | 201 | 202 = 200,
  description = 'OK',
  headers?: ResponseHeaders,
) {
  return <H extends Handler<ReplyOf<P>>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ) => {
    applyDecorators(ApiResponse({ status, description, schema: replySchemaOf(pattern), headers }))(
      target,
      key,
      descriptor,
    );
  };
}

/**
 * Documents a success answer the gateway shapes itself (from a contract type by its schema
 * name), for the few routes that do not send a pattern's reply unchanged.
 */
export function ApiView(schema: OpenApiSchema, status: 200 | 201 | 202 = 200, description = 'OK') {
  return ApiResponse({ status, description, schema });
}

/** A contract type's schema by name, as a reference into the document's components. */
export function viewSchema(name: string): OpenApiSchema {
  if (!REPLY_SCHEMAS.components[name]) throw new Error(`no schema named ${name} among the contracts' replies`);
  return { $ref: `#/components/schemas/${name}` };
}

/** A route that answers 204 with no body. */
export function ApiNoContent(description = 'Done; no body') {
  return ApiResponse({ status: 204, description });
}

/** A route that answers a file (a PDF, a CTF, a CSV, a photo) rather than JSON. */
export function ApiFile(...mediaTypes: string[]) {
  return ApiResponse({
    status: 200,
    description: 'The file',
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  });
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  401: 'Not signed in, or the credentials or token are wrong',
  403: 'Refused: the Origin, the CSRF token or the link is not valid here',
  404: 'An id in the body is not one of this school',
  415: 'The file is not of a type this route takes',
  409: 'Conflicts with the current state: `code` says which rule',
  413: 'The body or file is too large',
  429: 'Too many attempts: retry after Retry-After',
};

/**
 * Error answers a route gives beyond those its shape implies (api-document.ts adds 400, 401,
 * 403, 404, 412, 415, 428, 503 and 504 from the route's shape), as problem+json.
 */
export function ApiProblems(...statuses: (keyof typeof PROBLEM_DESCRIPTIONS)[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        ...(status === 429 && {
          headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
        }),
      }),
    ),
  );
}
