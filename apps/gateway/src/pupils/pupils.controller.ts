import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_PUPIL,
  GET_PUPIL,
  GET_PUPIL_STATISTICS,
  LIST_PUPILS,
  MessageContext,
  PUPIL_FLAGS,
  PupilFlag,
  PupilPage,
  PupilStatistics,
  PupilView,
  UPDATE_PUPIL,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequireAnyPermission, RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { expectedVersion, setETag } from '../users/etag';
import { CreatePupilDto, PupilListQueryDto, UpdatePupilDto } from './pupils.dto';
import { MaintenanceRead } from '../maintenance/maintenance-access.decorator';
import { ApiReply, ApiView, ETAG, LOCATION_AND_ETAG, viewSchema } from '../openapi/api-reply.decorator';

/**
 * The school's pupil register (P14). The school is the token's; another school's pupil id
 * answers 404 like one that does not exist, and so does a pupil outside the class groups a
 * teacher is limited to (P19). A pupil's ETag is its version; PATCH needs If-Match.
 */
@ApiTags('pupils')
@ApiBearerAuth()
@Controller()
export class PupilsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/pupils')
  @RequirePermissions('pupils:write')
  @ApiOperation({
    summary:
      "Add a pupil (409 school.data_processing_not_signed until the school's data processing terms are signed, P11)",
  })
  @ApiReply(CREATE_PUPIL, 201, 'Created', LOCATION_AND_ETAG)
  async create(
    @RequestCtx() ctx: MessageContext,
    @Body() body: CreatePupilDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PupilView> {
    const pupil = await this.bus.request(CREATE_PUPIL, ctx, body);
    void reply.header('Location', `/api/v1/pupils/${pupil.id}`);
    setETag(reply, pupil.version);
    return pupil;
  }

  @Get('api/v1/pupils')
  @RequirePermissions('pupils:read')
  @ApiOperation({
    summary:
      'Pupils in name order (surname, forename), filtered by year, class group, SEN status, restriction and each ' +
      'yes/no characteristic (?fsm=true); q finds words that begin a name, or the start of a UPN',
  })
  @ApiView(viewSchema('PupilPage'))
  list(@RequestCtx() ctx: MessageContext, @Query() query: PupilListQueryDto): Promise<PupilPage> {
    return this.page(ctx, query);
  }

  @Post('api/v1/pupils/search')
  @MaintenanceRead()
  @HttpCode(200)
  @RequirePermissions('pupils:read')
  @ApiOperation({
    summary:
      'The same list with the search and filters in the body, for clients that keep names out of URLs ' +
      '(proxies and browsers record URLs; the gateway itself logs only route templates)',
  })
  @ApiView(viewSchema('PupilPage'))
  search(@RequestCtx() ctx: MessageContext, @Body() body: PupilListQueryDto): Promise<PupilPage> {
    return this.page(ctx, body);
  }

  private page(ctx: MessageContext, query: PupilListQueryDto): Promise<PupilPage> {
    const flags: Partial<Record<PupilFlag, boolean>> = {};
    for (const flag of PUPIL_FLAGS) if (query[flag] !== undefined) flags[flag] = query[flag];
    return this.bus.request(LIST_PUPILS, ctx, {
      limit: query.limit,
      cursor: query.cursor,
      yearGroup: query.yearGroup,
      classGroupId: query.classGroupId,
      q: query.q,
      senStatus: query.senStatus,
      restricted: query.restricted,
      flags,
    });
  }

  @Get('api/v1/pupils/statistics')
  @ApiOperation({
    summary:
      'P20: anonymous counts by year group, class group and characteristic; groups under the threshold are ' +
      'suppressed (count null); restricted pupils are left out (P18). Needs reports:read or pupils:read',
  })
  @RequireAnyPermission('reports:read', 'pupils:read')
  @ApiReply(GET_PUPIL_STATISTICS)
  statistics(@RequestCtx() ctx: MessageContext): Promise<PupilStatistics> {
    return this.bus.request(GET_PUPIL_STATISTICS, ctx, {});
  }

  @Get('api/v1/pupils/:id')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: 'One pupil (the view is recorded: who looked at which pupil); the ETag is its version' })
  @ApiReply(GET_PUPIL, 200, 'OK', ETAG)
  async get(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PupilView> {
    const pupil = await this.bus.request(GET_PUPIL, ctx, { pupilId: id });
    setETag(reply, pupil.version);
    return pupil;
  }

  @Patch('api/v1/pupils/:id')
  @RequirePermissions('pupils:write')
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of the version being changed' })
  @ApiOperation({
    summary:
      'Change a pupil: only the fields sent change (412 if it changed meanwhile; 409 pupil.restricted while ' +
      'processing is restricted, P18)',
  })
  @ApiReply(UPDATE_PUPIL, 200, 'OK', ETAG)
  async update(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdatePupilDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PupilView> {
    const version = expectedVersion(ifMatch, true);
    const pupil = await this.bus.request(UPDATE_PUPIL, ctx, { pupilId: id, expectedVersion: version, changes: body });
    setETag(reply, pupil.version);
    return pupil;
  }
}
