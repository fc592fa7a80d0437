import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ADD_BREACH_SCHOOLS,
  ADD_BREACH_UPDATE,
  BreachIncidentPage,
  BreachIncidentView,
  GET_BREACH,
  LIST_BREACHES,
  MessageContext,
  RECORD_BREACH,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { BreachSchoolsDto, BreachUpdateDto, RecordBreachDto } from './breach.dto';
import { ApiReply, ApiView, viewSchema } from '../openapi/api-reply.decorator';

/** Notifying every affected school takes one identity request per school. */
const NOTIFY_TIMEOUT_MS = 60_000;

/**
 * The breach register (P23): platform ops record incidents and the schools they affect,
 * each school's admins are notified, and the register shows the 72-hour clock.
 */
@ApiTags('breaches')
@ApiBearerAuth()
@Controller()
export class BreachesController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/ops/breaches')
  @RequirePermissions('ops:breaches')
  @ApiOperation({ summary: "Record a personal data breach; each affected school's admins are notified (P23)" })
  @ApiReply(RECORD_BREACH, 201)
  record(@RequestCtx() ctx: MessageContext, @Body() body: RecordBreachDto): Promise<BreachIncidentView> {
    return this.bus.request(RECORD_BREACH, ctx, body, { timeoutMs: NOTIFY_TIMEOUT_MS });
  }

  @Get('api/v1/ops/breaches')
  @RequirePermissions('ops:breaches')
  @ApiOperation({ summary: 'The breach register, newest first, with the 72-hour clock of each incident' })
  @ApiReply(LIST_BREACHES)
  list(@RequestCtx() ctx: MessageContext, @Query() query: PageQueryDto): Promise<BreachIncidentPage> {
    return this.bus.request(LIST_BREACHES, ctx, { limit: query.limit, cursor: query.cursor });
  }

  @Get('api/v1/ops/breaches/:incidentId')
  @ApiOperation({ summary: 'A breach incident with its timeline and affected schools' })
  @RequirePermissions('ops:breaches')
  @ApiReply(GET_BREACH)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('incidentId', UuidParamPipe) incidentId: string,
  ): Promise<BreachIncidentView> {
    return this.bus.request(GET_BREACH, ctx, { incidentId });
  }

  @Post('api/v1/ops/breaches/:incidentId/updates')
  @RequirePermissions('ops:breaches')
  @ApiOperation({ summary: 'Record a later update of an incident' })
  @ApiReply(ADD_BREACH_UPDATE, 201)
  addUpdate(
    @RequestCtx() ctx: MessageContext,
    @Param('incidentId', UuidParamPipe) incidentId: string,
    @Body() body: BreachUpdateDto,
  ): Promise<BreachIncidentView> {
    return this.bus.request(ADD_BREACH_UPDATE, ctx, { incidentId, ...body });
  }

  @Post('api/v1/ops/breaches/:incidentId/schools')
  @RequirePermissions('ops:breaches')
  @ApiOperation({ summary: 'Add schools found to be affected later; they are notified (P23)' })
  @ApiView(viewSchema('BreachIncidentView'), 201)
  addSchools(
    @RequestCtx() ctx: MessageContext,
    @Param('incidentId', UuidParamPipe) incidentId: string,
    @Body() body: BreachSchoolsDto,
  ): Promise<BreachIncidentView> {
    return this.bus.request(
      ADD_BREACH_SCHOOLS,
      ctx,
      { incidentId, schoolIds: body.schoolIds },
      {
        timeoutMs: NOTIFY_TIMEOUT_MS,
      },
    );
  }
}
