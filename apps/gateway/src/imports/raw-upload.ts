import { FastifyInstance } from 'fastify';

/** Upload bodies handed to routes as the raw request stream, never buffered or parsed by the gateway. */
export const RAW_UPLOAD_TYPES = ['application/xml', 'text/xml', 'text/csv'];

/**
 * Registers pass-through parsers for the file upload types: the route streams the body
 * into the file store itself (with its own size limit), so the JSON body limit does not
 * apply and a 100 MB CTF never sits in the gateway's memory.
 */
export function registerRawUploadParsers(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(RAW_UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
}
