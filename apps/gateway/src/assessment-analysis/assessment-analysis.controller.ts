import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ANALYSE_MEASURE,
  ANALYSE_SCHOOLS,
  AnalysisView,
  GET_TRANSITION_CELL,
  GET_TRANSITION_MATRIX,
  MessageContext,
  TransitionCellPupilsView,
  TransitionMatrixView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiProblems, ApiReply } from '../openapi/api-reply.decorator';
import {
  AnalysisQueryDto,
  SchoolsAnalysisQueryDto,
  TransitionCellQueryDto,
  TransitionMatrixQueryDto,
} from './assessment-analysis.dto';

/** Group analysis of a measure at a point, its multi-school roll-up, and transition matrices with their drill-down. */
@ApiTags('assessment-analysis')
@ApiBearerAuth()
@Controller()
export class AssessmentAnalysisController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/assessment/points/:pointId/analysis')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary:
      'A measure at the point by every group (as at its date), year and class: share at expected, average points, progress from a baseline point, gaps to the rest in points and whole pupils; groups under 5 (and their complements) [c]',
  })
  @ApiReply(ANALYSE_MEASURE)
  analyse(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Query() query: AnalysisQueryDto,
  ): Promise<AnalysisView> {
    return this.bus.request(ANALYSE_MEASURE, ctx, {
      pointId,
      measureId: query.measureId,
      baselinePointId: query.baselinePointId,
      baselineMeasureId: query.baselineMeasureId,
    });
  }

  @Get('api/v1/platform/assessment/analysis')
  @RequirePermissions('support:enter')
  @ApiOperation({
    summary:
      'One measure at one point (by name) pooled over the schools whose support grant lets platform staff read assessments, by school and every group',
  })
  @ApiReply(ANALYSE_SCHOOLS)
  // A school named in schoolIds that has not granted access answers 404, as an unknown one.
  @ApiProblems(404)
  analyseSchools(@RequestCtx() ctx: MessageContext, @Query() query: SchoolsAnalysisQueryDto): Promise<AnalysisView> {
    return this.bus.request(ANALYSE_SCHOOLS, ctx, {
      academicYear: query.academicYear,
      measureName: query.measureName,
      pointName: query.pointName,
      baselinePointName: query.baselinePointName,
      schoolIds: query.schoolIds?.split(','),
    });
  }

  @Get('api/v1/assessment/transition-matrix')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary: 'Pupils by their result of one measure at one point against another (or the same) at another',
  })
  @ApiReply(GET_TRANSITION_MATRIX)
  matrix(@RequestCtx() ctx: MessageContext, @Query() query: TransitionMatrixQueryDto): Promise<TransitionMatrixView> {
    return this.bus.request(GET_TRANSITION_MATRIX, ctx, sidesOf(query));
  }

  @Get('api/v1/assessment/transition-matrix/cell')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "A matrix cell's pupils: ids, both results and their groups as at the later point" })
  @ApiReply(GET_TRANSITION_CELL)
  cell(@RequestCtx() ctx: MessageContext, @Query() query: TransitionCellQueryDto): Promise<TransitionCellPupilsView> {
    return this.bus.request(GET_TRANSITION_CELL, ctx, {
      ...sidesOf(query),
      fromKey: query.fromKey,
      toKey: query.toKey,
    });
  }
}

function sidesOf(query: TransitionMatrixQueryDto) {
  return {
    fromPointId: query.fromPointId,
    fromMeasureId: query.fromMeasureId,
    toPointId: query.toPointId,
    toMeasureId: query.toMeasureId,
  };
}
