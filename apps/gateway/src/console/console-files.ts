import fastifyStatic from '@fastify/static';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from 'pino';

/**
 * The console's own policy: nothing inline, nothing from elsewhere. Stricter than the one the
 * API carries (Swagger UI needs inline script and style), so it replaces it on console responses.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Vite names every file under assets/ by its content hash: a changed file is a new URL. */
export const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html names the current assets: always revalidated (a 304 when unchanged). */
export const ENTRY_CACHE_CONTROL = 'no-cache';

/** Paths that belong to the API and the operators, never answered with the console's page. */
const NOT_CONSOLE = /^\/(api|health|metrics|\.well-known)(\/|$)/;
/** A request for a file (it has an extension), not a route of the console. */
const FILE_PATH = /\/[^/]*\.[A-Za-z0-9]+$/;

/**
 * Serves the console (apps/console, built into `dir`) at `/`: hashed assets cached for a year,
 * index.html revalidated, any other GET outside the API answered with index.html so that the
 * console's own routes survive a reload. Files are sent as their `.br` or `.gz` twin when the
 * browser takes it (written by scripts/build-console.mjs), so nothing is compressed per request.
 * Registered straight on Fastify, outside Nest: the API document never lists these routes.
 * Without a build (`dir` missing) it registers nothing and `/` is the API's 404 problem.
 */
export async function registerConsoleFiles(fastify: FastifyInstance, dir: string, logger: Logger): Promise<boolean> {
  const root = resolve(dir);
  if (!existsSync(resolve(root, 'index.html'))) {
    logger.info({ dir: root }, 'console not built: not serving it');
    return false;
  }
  await fastify.register(fastifyStatic, {
    root,
    serve: false,
    preCompressed: true,
    // Cache-Control is chosen per file below; send's own would say max-age=0.
    cacheControl: false,
    dotfiles: 'deny',
    index: false,
  });

  const answer = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (NOT_CONSOLE.test(path)) return reply.callNotFound();
    // helmet's headers are already on the raw response; these replace or add to them.
    reply.raw.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
    reply.raw.setHeader('X-Frame-Options', 'DENY');
    void reply
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      // The same URL is sent as brotli, gzip or plain: a shared cache must keep them apart.
      .header('Vary', 'Accept-Encoding');
    if (path.startsWith('/assets/')) {
      // A missing hashed asset is a 404, never index.html (a script answered with HTML).
      void reply.header('Cache-Control', ASSET_CACHE_CONTROL);
      return reply.sendFile(path);
    }
    void reply.header('Cache-Control', ENTRY_CACHE_CONTROL);
    if (FILE_PATH.test(path) && path !== '/index.html') return reply.sendFile(path);
    return reply.sendFile('index.html');
  };
  // HEAD too (curl -I, link checkers); the wildcard ranks below every API route.
  fastify.route({ method: ['GET', 'HEAD'], url: '/', handler: answer });
  fastify.route({ method: ['GET', 'HEAD'], url: '/*', handler: answer });
  return true;
}
