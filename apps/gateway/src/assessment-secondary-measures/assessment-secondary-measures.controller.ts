import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GET_KS4_MEASURES,
  GET_NATIONAL_PROGRESS8_ESTIMATES,
  NationalProgress8EstimatesView,
  SET_NATIONAL_PROGRESS8_ESTIMATES,
  GET_SECONDARY_MEASURES,
  Ks4MeasuresView,
  MessageContext,
  PriorAttainmentSaveView,
  Progress8BaselineView,
  SecondaryMeasuresView,
  SET_KS4_MEASURES,
  SET_PRIOR_ATTAINMENT,
  SET_PROGRESS8_BASELINE,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiReply } from '../openapi/api-reply.decorator';
import {
  NationalEstimatesQueryDto,
  SetKs4MeasuresDto,
  SetNationalProgress8EstimatesDto,
  SetPriorAttainmentDto,
  SetProgress8BaselineDto,
} from './assessment-secondary-measures.dto';

/** Attainment 8 and Progress 8 slot by slot, and grade 4+ / 5+ in English and maths. */
@ApiTags('assessment-secondary-measures')
@ApiBearerAuth()
@Controller()
export class AssessmentSecondaryMeasuresController {
  constructor(private readonly bus: BusClient) {}

  @Put('api/v1/assessment/frameworks/:frameworkId/ks4-measures')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: 'Choose which measures count in Attainment 8, and as what (replaces the list)' })
  @ApiReply(SET_KS4_MEASURES)
  setRoles(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: SetKs4MeasuresDto,
  ): Promise<Ks4MeasuresView> {
    return this.bus.request(SET_KS4_MEASURES, ctx, { frameworkId, measures: body.measures });
  }

  @Get('api/v1/assessment/frameworks/:frameworkId/ks4-measures')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: 'The measures that count in Attainment 8, and as what' })
  @ApiReply(GET_KS4_MEASURES)
  getRoles(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
  ): Promise<Ks4MeasuresView> {
    return this.bus.request(GET_KS4_MEASURES, ctx, { frameworkId });
  }

  @Put('api/v1/assessment/frameworks/:frameworkId/progress8-baseline')
  @RequirePermissions('assessments:manage')
  @ApiOperation({
    summary: "Set the cohort's Progress 8 baseline (KS2 or an alternative) and its estimates for the year",
  })
  @ApiReply(SET_PROGRESS8_BASELINE)
  setBaseline(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: SetProgress8BaselineDto,
  ): Promise<Progress8BaselineView> {
    return this.bus.request(SET_PROGRESS8_BASELINE, ctx, {
      frameworkId,
      kind: body.kind,
      label: body.label,
      estimates: body.estimates,
    });
  }

  @Put('api/v1/platform/assessment/progress8-estimates')
  @RequirePermissions('platform:schools')
  @ApiOperation({
    summary: "Load DfE's Progress 8 estimates for an academic year, used by every school's KS2 baseline",
  })
  @ApiReply(SET_NATIONAL_PROGRESS8_ESTIMATES)
  setNational(
    @RequestCtx() ctx: MessageContext,
    @Body() body: SetNationalProgress8EstimatesDto,
  ): Promise<NationalProgress8EstimatesView> {
    return this.bus.request(SET_NATIONAL_PROGRESS8_ESTIMATES, ctx, {
      academicYear: body.academicYear,
      estimates: body.estimates,
    });
  }

  @Get('api/v1/assessment/progress8-estimates')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: 'The national Progress 8 estimates the platform loaded for an academic year' })
  @ApiReply(GET_NATIONAL_PROGRESS8_ESTIMATES)
  getNational(
    @RequestCtx() ctx: MessageContext,
    @Query() query: NationalEstimatesQueryDto,
  ): Promise<NationalProgress8EstimatesView> {
    return this.bus.request(GET_NATIONAL_PROGRESS8_ESTIMATES, ctx, { academicYear: query.academicYear });
  }

  @Put('api/v1/assessment/frameworks/:frameworkId/prior-attainment')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: "Load pupils' prior attainment on the cohort's baseline (all or none)" })
  @ApiReply(SET_PRIOR_ATTAINMENT)
  setPriorAttainment(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: SetPriorAttainmentDto,
  ): Promise<PriorAttainmentSaveView> {
    return this.bus.request(SET_PRIOR_ATTAINMENT, ctx, { frameworkId, pupils: body.pupils });
  }

  @Get('api/v1/assessment/points/:pointId/secondary-measures')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary:
      "Attainment 8, Progress 8 and grade 4+/5+ in English and maths at the point: the cohort's and each pupil's, with every slot and why",
  })
  @ApiReply(GET_SECONDARY_MEASURES)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
  ): Promise<SecondaryMeasuresView> {
    return this.bus.request(GET_SECONDARY_MEASURES, ctx, { pointId });
  }
}
