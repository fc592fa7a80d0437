import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from './problem';
import { REQUEST_ID_HEADER } from './request-id';

/** What Node's HTTP parser reports for a request it could not read (the `clientError` event). */
export function parserProblem(code: string | undefined): Problem {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'request.headers_too_large', 'The request headers are larger than the server accepts');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'request.timeout', 'The request was not received in time');
    default:
      return problem(400, 'request.malformed', 'The request is not valid HTTP');
  }
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refuses a request (headers too large,
 * a broken request line or header, a bad Content-Length) before there is a request object,
 * so no route, hook or exception filter sees it. The answer is still problem+json, written
 * to the socket by hand, which is then closed as Node's own handler would.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset socket has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const requestId = randomUUID();
    const body = parserProblem(error.code);
    const payload = JSON.stringify({ ...body, requestId });
    socket.write(
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
        `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        payload,
    );
  }
  socket.destroy(error);
}

/**
 * Fastify's `frameworkErrors`: a path whose percent-encoding does not decode is refused by
 * the router before any route matched, outside Nest's exception filter.
 */
export function answerFrameworkError(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const body =
    error.code === 'FST_ERR_BAD_URL'
      ? problem(400, 'request.bad_url', 'The request path is not validly percent-encoded')
      : problem(400, 'request.malformed', 'The request could not be routed');
  void reply
    .status(body.status)
    .header('Content-Type', PROBLEM_CONTENT_TYPE)
    .header(REQUEST_ID_HEADER, request.id)
    .send({ ...body, requestId: request.id });
}
