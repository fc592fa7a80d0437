import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

import {
  CsvColumnMapping,
  csvMappingErrors,
  CtfExportFile,
  EXPORT_PUPILS_CTF,
  ExportPupilsCtfRequest,
  GET_PUPIL_IMPORT,
  MessageContext,
  PREPARE_PUPIL_IMPORT,
  PupilImportView,
  START_PUPIL_IMPORT,
} from '@pt/contracts';
import { BusClient, BusException, FileStore, FileTooLargeError, uuid7 } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { RequestValidationException } from '../http/validation';
import { ExportPupilsCtfDto, StartPupilImportQueryDto } from './pupil-imports.dto';
import { MaintenanceRead } from '../maintenance/maintenance-access.decorator';
import { ApiFile, ApiProblems, ApiReply, ApiView, viewSchema } from '../openapi/api-reply.decorator';

/** The limit for a CTF: 100 MB. */
export const PUPIL_IMPORT_MAX_BYTES = 100 * 1024 * 1024;
/** Writing a whole school's CTF takes longer than an ordinary request. */
const EXPORT_TIMEOUT_MS = 120_000;

const CONTENT_TYPES = { ctf: ['application/xml', 'text/xml'], csv: ['text/csv'] } as const;

const tooLarge = () =>
  new HttpException(
    {
      code: 'pupil_import.file_too_large',
      message: `The file is larger than ${PUPIL_IMPORT_MAX_BYTES / 1024 / 1024} MB`,
    },
    413,
  );

/**
 * Pupil data in and out (P15, P21, P22): CTF and CSV uploads become asynchronous import
 * jobs in pupil-records, and CTF exports come back as downloads. Files cross the bus by
 * name only, through the file store, streamed on both sides.
 */
@ApiTags('pupil-imports')
@ApiBearerAuth()
@Controller()
export class PupilImportsController {
  constructor(
    private readonly bus: BusClient,
    private readonly files: FileStore,
  ) {}

  @Post('api/v1/pupil-imports')
  @ApiProblems(413, 415)
  @HttpCode(202)
  @ApiView(viewSchema('PupilImportView'), 202)
  @RequirePermissions('pupils:import')
  @ApiConsumes('application/xml', 'text/xml', 'text/csv')
  @ApiOperation({
    summary: 'Upload a CTF (format=ctf, XML body) or a CSV (format=csv, mapping=JSON) as an import job (P15)',
    description:
      'Answers 202 with the job and a Location to poll. Up to 100 MB; refused with 409 school.data_processing_not_signed before the school signed (P11).',
  })
  async start(
    @RequestCtx() ctx: MessageContext,
    @Query() query: StartPupilImportQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PupilImportView> {
    try {
      return await this.upload(ctx, query, request, reply);
    } catch (error) {
      // Refused before the body was read to its end: the rest of it is still on the wire, so
      // this connection cannot carry another request (a client reusing it would be reset).
      if (request.body instanceof Readable && !request.body.readableEnded) void reply.header('Connection', 'close');
      throw error;
    }
  }

  private async upload(
    ctx: MessageContext,
    query: StartPupilImportQueryDto,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<PupilImportView> {
    if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
    const contentType = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    const accepted: readonly string[] = CONTENT_TYPES[query.format];
    const body = request.body;
    if (!accepted.includes(contentType) || !(body instanceof Readable)) {
      throw new HttpException(
        {
          code: 'body.unsupported_media_type',
          message: `A ${query.format} upload must be sent as ${accepted.join(' or ')}`,
        },
        415,
      );
    }
    const mapping = query.format === 'csv' ? parseMapping(query.mapping) : undefined;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > PUPIL_IMPORT_MAX_BYTES) throw tooLarge();
    // P11 and the permission are checked before a byte of pupil data is stored.
    await this.bus.request(PREPARE_PUPIL_IMPORT, ctx, { format: query.format });
    const fileName = `pupil-imports/${uuid7()}`;
    let size: number;
    try {
      const stored = await this.files.put(fileName, body, {
        maxBytes: PUPIL_IMPORT_MAX_BYTES,
        metadata: { contentType, tenantId: ctx.tenantId, purpose: 'pupil-import' },
        // A CTF is repetitive XML: stored compressed, a twentieth of it crosses NATS and JetStream's disk.
        compress: true,
      });
      size = stored.size;
    } catch (error) {
      if (error instanceof FileTooLargeError) throw tooLarge();
      throw error;
    }
    const job = await this.bus.request(START_PUPIL_IMPORT, ctx, {
      format: query.format,
      fileName,
      size,
      mapping,
      destinationMismatch: query.destinationMismatch,
    });
    void reply.header('Location', `/api/v1/pupil-imports/${job.id}`);
    return job;
  }

  @Get('api/v1/pupil-imports/:importId')
  @RequirePermissions('pupils:import')
  @ApiOperation({
    summary: 'An import job: status, progress and the report (created, updated, unchanged, rejected, warnings)',
  })
  @ApiReply(GET_PUPIL_IMPORT)
  get(@RequestCtx() ctx: MessageContext, @Param('importId', UuidParamPipe) importId: string): Promise<PupilImportView> {
    return this.bus.request(GET_PUPIL_IMPORT, ctx, { importId });
  }

  @Get('api/v1/pupils/:pupilId/ctf')
  @ApiProblems(409)
  @RequirePermissions('pupils:export')
  @ApiProduces('application/xml')
  @ApiFile('application/xml')
  @ApiOperation({
    summary: "One pupil's Common Transfer File (P21, P22); 409 pupil.restricted for a restricted pupil (P18)",
  })
  async exportOne(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.download(ctx, { pupilIds: [pupilId], single: true }, reply);
  }

  @Post('api/v1/pupil-exports/ctf')
  @MaintenanceRead()
  @HttpCode(200)
  @RequirePermissions('pupils:export')
  @ApiProduces('application/xml')
  @ApiFile('application/xml')
  @ApiOperation({ summary: 'A CTF of the listed pupils, or of the whole school; restricted pupils are left out (P18)' })
  async exportSet(
    @RequestCtx() ctx: MessageContext,
    @Body() body: ExportPupilsCtfDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.download(ctx, { pupilIds: body.pupilIds, destination: body.destination }, reply);
  }

  private async download(
    ctx: MessageContext,
    request: ExportPupilsCtfRequest,
    reply: FastifyReply,
  ): Promise<StreamableFile> {
    if (!ctx.tenantId) throw BusException.forbidden('school_required', 'This route works inside a school');
    const file: CtfExportFile = await this.bus.request(EXPORT_PUPILS_CTF, ctx, request, {
      timeoutMs: EXPORT_TIMEOUT_MS,
    });
    const opened = await this.files.open(file.fileName);
    if (!opened) throw BusException.unavailable('export.unavailable', 'The export file could not be read; try again');
    // The file store is a hand-over point: the export is removed once it has been sent (or the client went away).
    reply.raw.once('close', () => void this.files.delete(file.fileName).catch(() => undefined));
    void reply.header('Cache-Control', 'no-store');
    void reply.header('X-Pupils-Exported', String(file.pupils));
    void reply.header('X-Pupils-Excluded-Restricted', String(file.excludedRestricted));
    return new StreamableFile(opened.content, {
      type: 'application/xml; charset=utf-8',
      disposition: `attachment; filename="${file.suggestedName}"`,
      length: file.size,
    });
  }
}

/** `?mapping=` JSON, checked here so that a bad mapping is a 400 before the upload is stored. */
function parseMapping(raw: string | undefined): CsvColumnMapping {
  if (raw === undefined) throw new RequestValidationException([{ field: 'mapping', message: 'is required for csv' }]);
  let mapping: unknown;
  try {
    mapping = JSON.parse(raw);
  } catch {
    throw new RequestValidationException([{ field: 'mapping', message: 'must be a JSON object' }]);
  }
  const errors = csvMappingErrors(mapping);
  if (errors.length) throw new RequestValidationException(errors);
  return mapping as CsvColumnMapping;
}
