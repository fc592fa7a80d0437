import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BEGIN_MAINTENANCE_WORK,
  CANCEL_MAINTENANCE_WINDOW,
  CREATE_MAINTENANCE_WINDOW,
  GET_MAINTENANCE_WINDOW,
  LIST_MAINTENANCE_SNAPSHOTS,
  LIST_MAINTENANCE_WINDOWS,
  MAINTENANCE_PREFLIGHT,
  MaintenancePreflight,
  MaintenanceScope,
  MaintenanceSnapshotView,
  MaintenanceWindowPage,
  MaintenanceWindowView,
  MessageContext,
  UPDATE_MAINTENANCE_WINDOW,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { expectedVersion, setETag } from '../users/etag';
import {
  BeginMaintenanceWorkDto,
  CreateMaintenanceWindowDto,
  MaintenanceScopeDto,
  UpdateMaintenanceWindowDto,
} from './maintenance.dto';
import { ApiReply, ETAG, LOCATION_AND_ETAG } from '../openapi/api-reply.decorator';

/**
 * P13: ops (ops:maintenance) plan work on the platform or some schools. At each lead time
 * (MAINTENANCE_LEAD_MINUTES) and at the start, who is logged in within scope is recorded;
 * from the start to the end, users in scope cannot sign in or make requests.
 */
@ApiTags('maintenance')
@ApiBearerAuth()
@RequirePermissions('ops:maintenance')
@Controller('api/v1/ops/maintenance-windows')
export class MaintenanceWindowsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({ summary: 'Schedule a maintenance window (scope: the platform or chosen schools)' })
  @ApiReply(CREATE_MAINTENANCE_WINDOW, 201, 'Created', LOCATION_AND_ETAG)
  async create(
    @RequestCtx() ctx: MessageContext,
    @Body() body: CreateMaintenanceWindowDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MaintenanceWindowView> {
    const window = await this.bus.request(CREATE_MAINTENANCE_WINDOW, ctx, { ...body, scope: scopeOf(body.scope) });
    void reply.header('Location', `/api/v1/ops/maintenance-windows/${window.id}`);
    setETag(reply, window.version);
    return window;
  }

  @Get()
  @ApiOperation({ summary: 'Maintenance windows, soonest start first, with their phase' })
  @ApiReply(LIST_MAINTENANCE_WINDOWS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: PageQueryDto): Promise<MaintenanceWindowPage> {
    return this.bus.request(LIST_MAINTENANCE_WINDOWS, ctx, { limit: query.limit, cursor: query.cursor });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One window; its ETag is the version to send back in If-Match' })
  @ApiReply(GET_MAINTENANCE_WINDOW, 200, 'OK', ETAG)
  async get(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MaintenanceWindowView> {
    const window = await this.bus.request(GET_MAINTENANCE_WINDOW, ctx, { windowId: id });
    setETag(reply, window.version);
    return window;
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOperation({
    summary: 'Change a window (412 if it changed meanwhile); once started only its end and reason can change',
  })
  @ApiReply(UPDATE_MAINTENANCE_WINDOW, 200, 'OK', ETAG)
  async update(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateMaintenanceWindowDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MaintenanceWindowView> {
    const version = expectedVersion(ifMatch, true);
    const { scope, ...rest } = body;
    const window = await this.bus.request(UPDATE_MAINTENANCE_WINDOW, ctx, {
      windowId: id,
      expectedVersion: version,
      changes: { ...rest, ...(scope ? { scope: scopeOf(scope) } : {}) },
    });
    setETag(reply, window.version);
    return window;
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Cancel a window (one in progress ends at once)' })
  @ApiReply(CANCEL_MAINTENANCE_WINDOW, 200, 'OK', ETAG)
  async cancel(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MaintenanceWindowView> {
    const window = await this.bus.request(CANCEL_MAINTENANCE_WINDOW, ctx, {
      windowId: id,
      expectedVersion: expectedVersion(ifMatch, false),
    });
    setETag(reply, window.version);
    return window;
  }

  @Get(':id/snapshots')
  @ApiOperation({ summary: 'Who was logged in within scope at each lead time and at the start (ids)' })
  @ApiReply(LIST_MAINTENANCE_SNAPSHOTS)
  snapshots(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<{ items: MaintenanceSnapshotView[] }> {
    return this.bus.request(LIST_MAINTENANCE_SNAPSHOTS, ctx, { windowId: id });
  }

  @Get(':id/preflight')
  @ApiOperation({ summary: 'The sessions in scope that are live now' })
  @ApiReply(MAINTENANCE_PREFLIGHT)
  preflight(@RequestCtx() ctx: MessageContext, @Param('id', UuidParamPipe) id: string): Promise<MaintenancePreflight> {
    return this.bus.request(MAINTENANCE_PREFLIGHT, ctx, { windowId: id });
  }

  @Post(':id/begin-work')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that work begins: 409 `maintenance.sessions_live` listing them while sessions in scope are live',
    description: 'With `{ force: true, reason }` work begins anyway; the reason and the live sessions are recorded.',
  })
  @ApiReply(BEGIN_MAINTENANCE_WORK)
  beginWork(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: BeginMaintenanceWorkDto,
  ): Promise<MaintenanceWindowView> {
    return this.bus.request(BEGIN_MAINTENANCE_WORK, ctx, {
      windowId: id,
      ...(body.force === true ? { force: true, reason: body.reason } : {}),
    });
  }
}

function scopeOf(scope: MaintenanceScopeDto): MaintenanceScope {
  return scope.kind === 'platform'
    ? { kind: 'platform' }
    : { kind: 'schools', schoolIds: (scope.schoolIds ?? []).map((id) => id.toLowerCase()) };
}
