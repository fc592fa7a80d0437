import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { keptBesideBundle, NestPinoLogger } from '@pt/platform';
import { Logger } from 'pino';
import helmet from 'helmet';
import { collectDefaultMetrics } from 'prom-client';
import { registerConsoleFiles } from './console/console-files';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { answerClientError, answerFrameworkError } from './http/http-parser-errors';
import { registerJsonBodyParser } from './http/json-body';
import { REQUEST_ID_HEADER, requestIdOf } from './http/request-id';
import { createValidationPipe } from './http/validation';
import { httpRequestDuration } from './metrics/http-metrics';
import { registerRawUploadParsers } from './imports/raw-upload';
import { buildApiDocument } from './openapi/api-document';
import { registerResponseConformance } from './openapi/response-conformance';
import {
  IdempotentRequests,
  registerIdempotentReplays,
  registerIdempotentSettling,
} from './idempotency/idempotent-requests';

let defaultMetricsCollected = false;

/** Builds the gateway (used by main.ts and by end-to-end tests), not yet listening. */
export async function createGatewayApp(config: GatewayConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(config, logger), adapter, {
    logger: new NestPinoLogger(logger),
    // Nest's parsers would add application/x-www-form-urlencoded; the gateway registers its own JSON parser.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: any other body type is 415, not a string to validate.
  fastify.removeContentTypeParser(['text/plain']);
  registerJsonBodyParser(fastify, config.BODY_LIMIT_BYTES);
  registerRawUploadParsers(fastify);

  // P4: browser sessions in cookies (parsed on request, set by the auth routes).
  await app.register(fastifyCookie);
  // Built once: @fastify/helmet built helmet's middleware again, CSP parsing included, on
  // every request (about 0.1 ms of CPU each).
  const securityHeaders = helmet({
    // Swagger UI needs inline styles and scripts; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // Responses carry personal data: no shared or browser cache may keep them.
    if (request.url.startsWith('/api/v1/')) void reply.header('Cache-Control', 'no-store');
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    if (route === '/health/ready' || route === '/health/live' || route === '/metrics') return;
    logger.info(
      {
        requestId: request.id,
        tenantId: request.principal?.tenantId ?? undefined,
        method: request.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });

  app.useGlobalPipes(createValidationPipe());
  // The console at `/`, outside Nest: not an API operation, so not in the API document.
  await registerConsoleFiles(fastify, config.CONSOLE_DIR, logger);

  // About 0.2 s of CPU at every start (measured), for a document that follows from the code alone.
  const document = keptBesideBundle('api-document', () => buildApiDocument(app));
  // Idempotency-Key: a kept answer is replayed before the response check; what was sent is kept after it.
  registerIdempotentReplays(fastify);
  registerResponseConformance(fastify, document, config.RESPONSE_CONFORMANCE, logger);
  registerIdempotentSettling(fastify, app.get(IdempotentRequests));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  if (!defaultMetricsCollected) {
    collectDefaultMetrics();
    defaultMetricsCollected = true;
  }
  return app;
}
