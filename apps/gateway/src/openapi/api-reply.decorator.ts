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
