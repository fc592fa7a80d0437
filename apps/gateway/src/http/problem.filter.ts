import { ArgumentsHost, Catch, ExceptionFilter, HttpException, NotFoundException } from '@nestjs/common';
import { BUS_ERROR_STATUS } from '@pt/contracts';
import { BusException, describeError } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from './problem';
import { RequestRefusal } from './json-body';
import { RequestValidationException } from './validation';

/** Extension members a service may not overwrite. */
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'errors', 'requestId']);

/**
 * Every error leaves the gateway as application/problem+json: validation names each
 * field, a service's typed failure keeps its status and code, and anything unexpected is
 * a bare 500 whose details stay in the log (never personal data in either).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body: Problem = { ...this.toProblem(exception, request), requestId: request.id };
    const retryAfter = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
    if (body.status === 503) void reply.header('Retry-After', String(retryAfter ?? 5));
    if (body.status === 429 && retryAfter) void reply.header('Retry-After', String(retryAfter));
    void reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): Problem {
    if (exception instanceof RequestRefusal) return exception.problem;
    if (exception instanceof RequestValidationException) {
      return problem(400, 'validation_failed', 'The request is not valid', { errors: exception.fieldErrors });
    }
    if (exception instanceof BusException) {
      const { kind, code, message, details, errors } = exception.body;
      const extensions = Object.fromEntries(Object.entries(details ?? {}).filter(([key]) => !RESERVED.has(key)));
      return problem(BUS_ERROR_STATUS[kind], code, message, { ...extensions, ...(errors ? { errors } : {}) });
    }
    if (exception instanceof NotFoundException && String(exception.message).startsWith('Cannot ')) {
      return problem(404, 'route.not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    if (exception instanceof HttpException && exception.getStatus() === 400 && isBodyParseFailure(exception)) {
      // The parser's own message may quote the body, which may hold personal data.
      return /empty/i.test(exception.message)
        ? problem(400, 'body.empty', 'The request body is empty')
        : problem(400, 'body.malformed', 'The request body is not valid JSON');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const code =
        typeof response === 'object' && response !== null && typeof (response as { code?: unknown }).code === 'string'
          ? (response as { code: string }).code
          : defaultCode(status);
      return problem(status, code, exception.message);
    }
    const fastifyError = exception as { statusCode?: number; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return fromFastifyError(fastifyError.statusCode, fastifyError.code);
    }
    this.logger.error({ err: describeError(exception) }, 'request failed');
    return problem(500, 'internal_error', 'An unexpected error occurred');
  }
}

/** Nest's Fastify adapter reports JSON body parse failures as plain 400 HttpExceptions. */
function isBodyParseFailure(exception: HttpException): boolean {
  return /JSON|Body cannot be empty/.test(exception.message);
}

function fromFastifyError(status: number, code?: string): Problem {
  switch (status) {
    case 413:
      return problem(413, 'body.too_large', 'The request body is too large');
    case 415:
      return problem(415, 'body.unsupported_media_type', 'The request body must be application/json');
    case 400:
      return problem(
        400,
        code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body.empty' : 'body.malformed',
        'The request body is not valid JSON',
      );
    default:
      return problem(status, defaultCode(status), 'The request could not be processed');
  }
}

function defaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'route.method_not_allowed';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition_failed';
    case 413:
      return 'body.too_large';
    case 415:
      return 'body.unsupported_media_type';
    case 429:
      return 'too_many_requests';
    default:
      return `http_${status}`;
  }
}
