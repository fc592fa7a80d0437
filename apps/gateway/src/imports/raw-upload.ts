import { FastifyInstance } from 'fastify';
import { problem } from '../http/problem';
import { RequestRefusal } from '../http/json-body';

/** Upload bodies handed to routes as the raw request stream, never buffered or parsed by the gateway. */
export const RAW_UPLOAD_TYPES = ['application/xml', 'text/xml', 'text/csv'];

/** The one route that takes them: CTF and CSV imports. */
export const PUPIL_IMPORT_ROUTE = '/api/v1/pupil-imports';

/**
 * Registers pass-through parsers for the file upload types: the import route streams the
 * body into the file store itself (with its own size limit), so the JSON body limit does
 * not apply and a 100 MB CTF never sits in the gateway's memory. Every other route takes
 * JSON only: an XML or CSV body there is 415, not a stream handed to a DTO's validation.
 */
export function registerRawUploadParsers(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(RAW_UPLOAD_TYPES, (request, payload, done) => {
    if (request.routeOptions.url === PUPIL_IMPORT_ROUTE) return done(null, payload);
    done(new RequestRefusal(problem(415, 'body.unsupported_media_type', 'The request body must be application/json')));
  });
}
