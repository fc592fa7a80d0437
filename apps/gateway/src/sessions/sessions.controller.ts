import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACTIVE_SESSION_SUMMARY,
  ActiveSessionPage,
  ActiveSessionSummary,
  END_SESSION,
  EndedSessionView,
  LIST_ACTIVE_SESSIONS,
  MessageContext,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { PageQueryDto } from '../http/pagination.dto';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { OpsEndSessionDto, OpsSessionListQueryDto, SchoolEndSessionDto } from './sessions.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

/**
 * P13: who is logged in. A session is active while it has not ended and was seen within
 * SESSION_IDLE_MINUTES. Ending one stops its tokens at once on every gateway replica.
 */
@ApiTags('sessions')
@ApiBearerAuth()
@Controller()
export class OpsSessionsController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/ops/sessions')
  @RequirePermissions('ops:sessions')
  @ApiOperation({
    summary: "Active sessions across the platform or one school's, newest sign-in first",
    description: 'School, user, roles, signed in at, last seen, client IP and user agent (at sign-in and latest).',
  })
  @ApiReply(LIST_ACTIVE_SESSIONS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: OpsSessionListQueryDto): Promise<ActiveSessionPage> {
    return this.bus.request(LIST_ACTIVE_SESSIONS, ctx, {
      limit: query.limit,
      cursor: query.cursor,
      ...(query.schoolId ? { schoolId: query.schoolId.toLowerCase() } : {}),
    });
  }

  @Get('api/v1/ops/sessions/summary')
  @RequirePermissions('ops:sessions')
  @ApiOperation({ summary: 'Active sessions per school (platform staff: schoolId null), most first' })
  @ApiReply(ACTIVE_SESSION_SUMMARY)
  summary(@RequestCtx() ctx: MessageContext): Promise<ActiveSessionSummary> {
    return this.bus.request(ACTIVE_SESSION_SUMMARY, ctx, {});
  }

  @Post('api/v1/ops/sessions/:id/end')
  @HttpCode(200)
  @RequirePermissions('ops:sessions')
  @ApiOperation({ summary: 'End any session with a reason; audited (ids only)' })
  @ApiReply(END_SESSION)
  end(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: OpsEndSessionDto,
  ): Promise<EndedSessionView> {
    return this.bus.request(END_SESSION, ctx, { sessionId: id, reason: body.reason });
  }
}

@ApiTags('sessions')
@ApiBearerAuth()
@RequirePermissions('sessions:manage')
@Controller()
export class SchoolSessionsController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/sessions')
  @ApiOperation({ summary: "Your school's active sessions, newest sign-in first" })
  @ApiReply(LIST_ACTIVE_SESSIONS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: PageQueryDto): Promise<ActiveSessionPage> {
    return this.bus.request(LIST_ACTIVE_SESSIONS, ctx, { limit: query.limit, cursor: query.cursor });
  }

  @Post('api/v1/sessions/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: "End one of your school's sessions (another school's id: 404); audited" })
  @ApiReply(END_SESSION)
  end(
    @RequestCtx() ctx: MessageContext,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: SchoolEndSessionDto,
  ): Promise<EndedSessionView> {
    return this.bus.request(END_SESSION, ctx, { sessionId: id, ...(body.reason ? { reason: body.reason } : {}) });
  }
}
