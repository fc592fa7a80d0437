import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GET_ON_TRACK,
  GET_ON_TRACK_RULE,
  GET_PUPIL_TRACKING,
  LIST_TARGETS,
  MessageContext,
  OnTrackRuleView,
  OnTrackView,
  PupilTrackingView,
  SET_ON_TRACK_RULE,
  SET_TARGETS,
  TargetView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  OnTrackQueryDto,
  PupilTrackingQueryDto,
  SetOnTrackRuleDto,
  SetTargetsDto,
  TargetsQueryDto,
} from './assessment-targets.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

/** Targets per pupil and measure, a framework's on-track rule, and on-track at a point with its explanation. */
@ApiTags('assessment-targets')
@ApiBearerAuth()
@Controller()
export class AssessmentTargetsController {
  constructor(private readonly bus: BusClient) {}

  @Put('api/v1/assessment/measures/:measureId/pupils/:pupilId/targets')
  @RequirePermissions('assessments:write')
  @ApiOperation({ summary: "Set or replace a pupil's named targets for a measure (kinds not sent are kept)" })
  @ApiReply(SET_TARGETS)
  set(
    @RequestCtx() ctx: MessageContext,
    @Param('measureId', UuidParamPipe) measureId: string,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Body() body: SetTargetsDto,
  ): Promise<TargetView[]> {
    return this.bus.request(SET_TARGETS, ctx, { measureId, pupilId, targets: body.targets });
  }

  @Get('api/v1/assessment/measures/:measureId/targets')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "A measure's targets: one pupil's, or every pupil's" })
  @ApiReply(LIST_TARGETS)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('measureId', UuidParamPipe) measureId: string,
    @Query() query: TargetsQueryDto,
  ): Promise<TargetView[]> {
    return this.bus.request(LIST_TARGETS, ctx, { measureId, pupilId: query.pupilId });
  }

  @Put('api/v1/assessment/frameworks/:frameworkId/on-track-rule')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: "Choose the framework's one on-track rule: straight-line or expected-band" })
  @ApiReply(SET_ON_TRACK_RULE)
  setRule(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: SetOnTrackRuleDto,
  ): Promise<OnTrackRuleView> {
    return this.bus.request(SET_ON_TRACK_RULE, ctx, {
      frameworkId,
      kind: body.kind,
      baselinePointId: body.baselinePointId,
      targetKind: body.targetKind,
      tolerance: body.tolerance,
    });
  }

  @Get('api/v1/assessment/frameworks/:frameworkId/on-track-rule')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "The framework's on-track rule" })
  @ApiReply(GET_ON_TRACK_RULE)
  getRule(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
  ): Promise<OnTrackRuleView> {
    return this.bus.request(GET_ON_TRACK_RULE, ctx, { frameworkId });
  }

  @Get('api/v1/assessment/points/:pointId/on-track')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary: 'On-track for a measure at the point, per pupil with a result, each with the rule and figures behind it',
  })
  @ApiReply(GET_ON_TRACK)
  onTrack(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Query() query: OnTrackQueryDto,
  ): Promise<OnTrackView> {
    return this.bus.request(GET_ON_TRACK, ctx, { pointId, measureId: query.measureId });
  }

  @Get('api/v1/assessment/pupils/:pupilId/tracking')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary:
      "A pupil's tracking for a year: every measure × every point with the result (code, label, points, band), their targets, and on-track with the rule and figures behind it",
  })
  @ApiReply(GET_PUPIL_TRACKING)
  tracking(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Query() query: PupilTrackingQueryDto,
  ): Promise<PupilTrackingView> {
    return this.bus.request(GET_PUPIL_TRACKING, ctx, { pupilId, academicYear: query.academicYear });
  }
}
