import { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import { GATEWAY_ERRORS } from '@pt/contracts';
import { FastifyInstance } from 'fastify';
import { Logger } from 'pino';
import { problem, PROBLEM_CONTENT_TYPE } from '../http/problem';

/** What the gateway does with a response its own API document does not describe. */
export type ResponseConformance = 'off' | 'log' | 'enforce';

export interface Nonconformity {
  /** `GET /api/v1/pupils/{pupilId} 200` */
  operation: string;
  /** Where in the body, and what the document expects there; never the value. */
  problems: string[];
}

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks every JSON response against the operation's schema for its status in the API
 * document. A response of a status the operation does not document, or a body its schema does
 * not allow, is a nonconformity: the document would mislead a client generated from it.
 */
export class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenAPIObject) {
    this.ajv.addSchema({ ...document, $id: 'api' } as object);
  }

  /** `route` as Fastify names it (`/api/v1/pupils/:pupilId`). Undefined: conforms. */
  check(method: string, route: string, status: number, body: unknown): Nonconformity | undefined {
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = `${method} ${path} ${status}`;
    const item = this.document.paths[path] as Record<string, { responses?: Record<string, unknown> }> | undefined;
    const documented = item?.[method.toLowerCase()];
    if (!documented) return undefined; // not an API operation (docs, static files)
    const response = documented.responses?.[String(status)] as { content?: Record<string, unknown> } | undefined;
    if (!response) {
      // A 500 is a fault, not an answer to document; it is still held to the problem shape.
      if (status === 500) return this.asProblem(operation, body);
      return { operation, problems: ['this status is not documented'] };
    }
    const validate = this.validatorFor(path, method.toLowerCase(), status, response);
    if (validate === null) return { operation, problems: ['a body is sent, but none is documented'] };
    if (validate(body)) return undefined;
    return {
      operation,
      problems: (validate.errors ?? []).map((error) =>
        `${error.instancePath || '(body)'} ${error.message ?? ''}`.trim(),
      ),
    };
  }

  private asProblem(operation: string, body: unknown): Nonconformity | undefined {
    let validate = this.compiled.get('problem');
    if (!validate) {
      validate = this.ajv.compile({ $ref: 'api#/components/schemas/Problem' });
      this.compiled.set('problem', validate);
    }
    if (validate(body)) return undefined;
    return {
      operation,
      problems: (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`),
    };
  }

  private validatorFor(
    path: string,
    method: string,
    status: number,
    response: { content?: Record<string, unknown> },
  ): ValidateFunction | null {
    const key = `${method} ${path} ${status}`;
    if (!this.compiled.has(key)) {
      const type = Object.keys(response.content ?? {}).find((t) => t.includes('json'));
      this.compiled.set(
        key,
        type
          ? this.ajv.compile({
              $ref: `api#/paths/${pointer(path)}/${method}/responses/${status}/content/${pointer(type)}/schema`,
            })
          : null,
      );
    }
    return this.compiled.get(key)!;
  }
}

/**
 * In `log` mode a nonconforming response is logged; in `enforce` mode (the test suites) it is
 * replaced by a 500 naming the operation and what did not match, so any test that meets it
 * fails where it happened.
 */
export function registerResponseConformance(
  fastify: FastifyInstance,
  document: OpenAPIObject,
  mode: ResponseConformance,
  logger: Logger,
): void {
  if (mode === 'off') return;
  const checker = new ResponseChecker(document);
  fastify.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions?.url;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!route || reply.statusCode === 204 || !type.includes('json') || typeof payload !== 'string') return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    const nonconformity = checker.check(request.method, route, reply.statusCode, body);
    if (!nonconformity) return payload;
    logger.error({ requestId: request.id, ...nonconformity }, 'response does not match the API document');
    if (mode === 'log') return payload;
    void reply.code(500).header('content-type', PROBLEM_CONTENT_TYPE);
    return JSON.stringify(
      problem(500, GATEWAY_ERRORS.RESPONSE_UNDOCUMENTED, 'The response does not match the API document', {
        requestId: request.id,
        nonconformity,
      }),
    );
  });
}
