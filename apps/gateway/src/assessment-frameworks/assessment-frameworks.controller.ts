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
import { ApiReply } from '../openapi/api-reply.decorator';

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
  @ApiReply(LIST_ASSESSMENT_TEMPLATES)
  templates(@RequestCtx() ctx: MessageContext, @Query() query: TemplatesQueryDto): Promise<AssessmentTemplateView[]> {
    return this.bus.request(LIST_ASSESSMENT_TEMPLATES, ctx, { academicYear: query.academicYear });
  }

  @Get('api/v1/assessment/frameworks')
  @ApiOperation({ summary: "The school's frameworks, newest academic year first" })
  @RequirePermissions('assessments:read')
  @ApiReply(LIST_FRAMEWORKS)
  list(@RequestCtx() ctx: MessageContext): Promise<FrameworkSummary[]> {
    return this.bus.request(LIST_FRAMEWORKS, ctx, {});
  }

  @Post('api/v1/assessment/frameworks')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: "Create the school's framework for an academic year (one per year)" })
  @ApiReply(CREATE_FRAMEWORK, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateFrameworkDto): Promise<FrameworkView> {
    return this.bus.request(CREATE_FRAMEWORK, ctx, { academicYear: body.academicYear, name: body.name });
  }

  @Get('api/v1/assessment/frameworks/:frameworkId')
  @ApiOperation({ summary: 'A framework with its grade scales, measures and points' })
  @RequirePermissions('assessments:read')
  @ApiReply(GET_FRAMEWORK)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
  ): Promise<FrameworkView> {
    return this.bus.request(GET_FRAMEWORK, ctx, { frameworkId });
  }

  @Post('api/v1/assessment/frameworks/:frameworkId/templates')
  @RequirePermissions('assessments:manage')
  @ApiOperation({ summary: "Adopt a ready template: its scale and measures are copied into the year's framework" })
  @ApiReply(ADOPT_ASSESSMENT_TEMPLATE, 201)
  adopt(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: AdoptTemplateDto,
  ): Promise<FrameworkView> {
    return this.bus.request(ADOPT_ASSESSMENT_TEMPLATE, ctx, { frameworkId, templateKey: body.templateKey });
  }

  @Post('api/v1/assessment/frameworks/:frameworkId/measures')
  @ApiOperation({ summary: 'Add a measure (a subject) graded on one of the framework’s scales' })
  @RequirePermissions('assessments:manage')
  @ApiReply(ADD_MEASURE, 201)
  addMeasure(
    @RequestCtx() ctx: MessageContext,
    @Param('frameworkId', UuidParamPipe) frameworkId: string,
    @Body() body: AddMeasureDto,
  ): Promise<FrameworkView> {
    return this.bus.request(ADD_MEASURE, ctx, { frameworkId, name: body.name, gradeScaleId: body.gradeScaleId });
  }

  @Post('api/v1/assessment/frameworks/:frameworkId/points')
  @ApiOperation({ summary: 'Add an assessment point with its date' })
  @RequirePermissions('assessments:manage')
  @ApiReply(ADD_ASSESSMENT_POINT, 201)
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
  @ApiReply(CLOSE_ASSESSMENT_POINT)
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
  @ApiReply(REOPEN_ASSESSMENT_POINT)
  reopen(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
  ): Promise<AssessmentPointView> {
    return this.bus.request(REOPEN_ASSESSMENT_POINT, ctx, { pointId });
  }
}
