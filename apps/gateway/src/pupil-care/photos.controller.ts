import {
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Param,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DELETE_PHOTO,
  GET_PHOTO,
  MessageContext,
  PHOTO_CONTENT_TYPES,
  PHOTO_MAX_BYTES,
  PhotoView,
  STORE_PHOTO,
} from '@pt/contracts';
import { BusClient, BusException, FileStore, FileTooLargeError, uuid7 } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiFile, ApiNoContent, ApiProblems, ApiView, viewSchema } from '../openapi/api-reply.decorator';

/** Must match what pupil-records accepts (apps/pupil-records/src/photos/photos.service.ts). */
const UPLOAD_PURPOSE = 'pupil-photo-upload';

const tooLarge = () =>
  new HttpException(
    { code: 'photo.too_large', message: `A photograph may be at most ${PHOTO_MAX_BYTES} bytes (2 MB)` },
    HttpStatus.PAYLOAD_TOO_LARGE,
  );

/**
 * Pupils' photographs: JPEG or PNG up to 2 MB, only while a photo-use consent stands. The
 * bytes travel through the file store (bus messages are capped at 1 MB); pupil-records
 * judges them by content and keeps them. Served with `Cache-Control: no-store`.
 */
@ApiTags('photos')
@ApiBearerAuth()
@Controller()
export class PhotosController {
  constructor(
    private readonly bus: BusClient,
    private readonly files: FileStore,
  ) {}

  @Put('api/v1/pupils/:pupilId/photo')
  @ApiProblems(413, 415)
  @RequirePermissions('pupils:write')
  @ApiConsumes(...PHOTO_CONTENT_TYPES)
  @ApiOperation({
    summary:
      'Store the photograph (raw image/jpeg or image/png body, up to 2 MB; judged by content: 400 otherwise, ' +
      '413 when larger, 409 consent.photo_required without photo-use consent)',
  })
  @ApiView(viewSchema('PhotoView'))
  async upload(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<PhotoView> {
    const declaredType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const body = request.body;
    if (!(PHOTO_CONTENT_TYPES as readonly string[]).includes(declaredType) || !(body instanceof Readable)) {
      throw new HttpException(
        { code: 'body.unsupported_media_type', message: 'Send the photograph as image/jpeg or image/png' },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    }
    // Refused before reading a byte when the client says how much it is sending.
    if (Number(request.headers['content-length'] ?? 0) > PHOTO_MAX_BYTES) throw tooLarge();
    const fileName = `${UPLOAD_PURPOSE}.${uuid7()}`;
    try {
      await this.files.put(fileName, withoutDestroyOnStop(body), {
        maxBytes: PHOTO_MAX_BYTES,
        metadata: { purpose: UPLOAD_PURPOSE, tenantId: ctx.tenantId ?? '', declaredType },
      });
    } catch (error) {
      if (error instanceof FileTooLargeError) {
        discardRest(body);
        throw tooLarge();
      }
      throw error;
    }
    try {
      return await this.bus.request(STORE_PHOTO, ctx, { pupilId, fileName, declaredType });
    } finally {
      // pupil-records deletes it once read; this covers a refusal before it got that far.
      await this.files.delete(fileName).catch(() => undefined);
    }
  }

  @Get('api/v1/pupils/:pupilId/photo')
  @ApiFile('image/jpeg', 'image/png')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: 'The photograph, with its real content type; 404 when none or consent withdrawn' })
  async download(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const photo = await this.bus.request(GET_PHOTO, ctx, { pupilId });
    const opened = await this.files.open(photo.fileName);
    if (!opened) throw BusException.unavailable('photo.unavailable', 'The photograph could not be fetched; try again');
    // A one-off copy made for this request: gone as soon as it has been sent (or the client left).
    opened.content.once('close', () => void this.files.delete(photo.fileName).catch(() => undefined));
    await reply
      .status(200)
      .header('Content-Type', photo.contentType)
      .header('Content-Length', String(photo.size))
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', 'inline')
      .send(opened.content);
  }

  @Delete('api/v1/pupils/:pupilId/photo')
  @ApiOperation({ summary: "Remove the pupil's photo" })
  @HttpCode(204)
  @RequirePermissions('pupils:write')
  @ApiNoContent()
  async remove(@RequestCtx() ctx: MessageContext, @Param('pupilId', UuidParamPipe) pupilId: string): Promise<void> {
    await this.bus.request(DELETE_PHOTO, ctx, { pupilId });
  }
}

/**
 * The request body as chunks, without the default of destroying the stream (and with it
 * the connection) when the reader stops early at the size cap.
 */
function withoutDestroyOnStop(body: Readable): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => body.iterator({ destroyOnReturn: false }) };
}

/** How much more of a too-large upload is read and thrown away before the connection is cut instead. */
const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Reads and throws away the rest of a too-large upload, so that a client still sending gets
 * the 413 rather than a reset connection; one that goes on and on is cut off.
 */
function discardRest(body: Readable): void {
  let discarded = 0;
  body.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) body.destroy();
  });
}
