import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ADD_ASSESSMENT_POINT,
  ADD_MEASURE,
  ADOPT_ASSESSMENT_TEMPLATE,
  AssessmentPointView,
  AssessmentTemplateView,
  CLOSE_ASSESSMENT_POINT,
  CREATE_FRAMEWORK,
  FrameworkSummary,
  FrameworkView,
  GET_FRAMEWORK,
  LIST_ASSESSMENT_TEMPLATES,
  LIST_FRAMEWORKS,
  MessageContext,
  REOPEN_ASSESSMENT_POINT,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  AddAssessmentPointDto,
  AddMeasureDto,
  AdoptTemplateDto,
  CreateFrameworkDto,
  TemplatesQueryDto,
} from './assessment-frameworks.dto';

/**
 * A school's assessment frameworks, one per academic year: ready templates adopted in one
 * call, grade scales, measures and assessment points, closed and reopened.
 */
@ApiTags('assessment-frameworks')
@ApiBearerAuth()
@Controller()
export class AssessmentFrameworksController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/assessment/templates')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary: 'The ready, read-only templates (KS2, TA codes, EYFS, phonics, MTC, steps, GCSE) with sources',
  })
  templates(@RequestCtx() ctx: MessageContext, @Query() query: TemplatesQueryDto): Promise<AssessmentTemplateView[]> {
    return this.bus.request(LIST_ASSESSMENT_TEMPLATES, ctx, { academicYear: query.academicYear });
  }

  @Get('api/v1/assessment/frameworks')
  @RequirePermissions('assessments:read')
  list(@RequestCtx() ctx: MessageContext): Promise<FrameworkSummary[]> {
    return this.bus.request(LIST_FRAMEWORKS, ctx, {});
  }

  @Post('api/v1/assessment/frameworks')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: "Create the school's framework for an academic year (one per year)" })
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateFrameworkDto): Promise<FrameworkView> {
    return this.bus.request(CREATE_FRAMEWORK, ctx, { academicYear: body.academicYear, name: body.name });
  }

  @Get('api/v1/assessment/frameworks/:frameworkId')
  @RequirePermissions('assessments:read')
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
  ): Promise<FrameworkView> {
    return this.bus.request(GET_FRAMEWORK, ctx, { frameworkId });
  }

  @Post('api/v1/assessment/frameworks/:frameworkId/templates')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: "Adopt a ready template: its scale and measures are copied into the year's framework" })
  adopt(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: AdoptTemplateDto,
  ): Promise<FrameworkView> {
    return this.bus.request(ADOPT_ASSESSMENT_TEMPLATE, ctx, { frameworkId, templateKey: body.templateKey });
  }

  @Post('api/v1/assessment/frameworks/:frameworkId/measures')
  @RequirePermissions('assessments:manage')
  addMeasure(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: AddMeasureDto,
  ): Promise<FrameworkView> {
    return this.bus.request(ADD_MEASURE, ctx, { frameworkId, name: body.name, gradeScaleId: body.gradeScaleId });
  }

  @Post('api/v1/assessment/frameworks/:frameworkId/points')
  @RequirePermissions('assessments:manage')
  addPoint(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: AddAssessmentPointDto,
  ): Promise<FrameworkView> {
    return this.bus.request(ADD_ASSESSMENT_POINT, ctx, { frameworkId, name: body.name, date: body.date });
  }

  @Post('api/v1/assessment/points/:pointId/close')
  @HttpCode(200)
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: 'Close a point: no results are entered at it until it is reopened' })
  close(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
  ): Promise<AssessmentPointView> {
    return this.bus.request(CLOSE_ASSESSMENT_POINT, ctx, { pointId });
  }

  @Post('api/v1/assessment/points/:pointId/reopen')
  @HttpCode(200)
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: 'Reopen a closed point (senior leaders and admins)' })
  reopen(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
  ): Promise<AssessmentPointView> {
    return this.bus.request(REOPEN_ASSESSMENT_POINT, ctx, { pointId });
  }
}
