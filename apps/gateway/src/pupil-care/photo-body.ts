import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PHOTO_CONTENT_TYPES } from '@pt/contracts';
import { FastifyInstance } from 'fastify';

export const PHOTO_ROUTE = '/api/v1/pupils/:pupilId/photo';

/**
 * The API speaks JSON, except for photographs: a request whose body is image/jpeg or
 * image/png gets the raw body stream as `request.body`, unread. Reading it is left to the
 * route, after authentication and permissions have passed, so an anonymous client cannot
 * make the gateway store anything; it is then streamed (never buffered whole) into the
 * file store under a size cap.
 */
@Injectable()
export class PhotoBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(PHOTO_CONTENT_TYPES[0])) return;
    fastify.addContentTypeParser([...PHOTO_CONTENT_TYPES], (request, payload, done) => {
      if (request.routeOptions.url === PHOTO_ROUTE) return done(null, payload);
      // Any other route takes JSON only: an image body there is refused, not validated as a DTO.
      done(Object.assign(new Error('unsupported media type'), { statusCode: 415 }), undefined);
    });
  }
}
