import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GET_RESULT_HISTORY,
  LIST_MISSING_RESULTS,
  LIST_RESULTS,
  MessageContext,
  MissingResultsView,
  RECORD_RESULT,
  ResultGridSaveView,
  ResultHistoryEntryView,
  ResultView,
  SAVE_RESULT_GRID,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  MissingResultsQueryDto,
  RecordResultDto,
  ResultHistoryQueryDto,
  ResultsQueryDto,
  SaveResultGridDto,
} from './assessment-results.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

/** Results at an assessment point: one at a time or a whole grid, the point's results, a result's history. */
@ApiTags('assessment-results')
@ApiBearerAuth()
@Controller()
export class AssessmentResultsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/assessment/points/:pointId/results')
  @HttpCode(200)
  @RequirePermissions('assessments:write')
  @ApiOperation({ summary: "Enter or change one pupil's result for a measure at an open point" })
  @ApiReply(RECORD_RESULT)
  record(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Body() body: RecordResultDto,
  ): Promise<ResultView> {
    return this.bus.request(RECORD_RESULT, ctx, {
      pointId,
      pupilId: body.pupilId,
      measureId: body.measureId,
      value: body.value,
      comment: body.comment ?? null,
    });
  }

  @Put('api/v1/assessment/points/:pointId/results')
  @RequirePermissions('assessments:write')
  @ApiOperation({
    summary:
      'Save a grid (pupils × measures, up to 2,000 cells) at an open point: every cell or none, errors naming cells',
  })
  @ApiReply(SAVE_RESULT_GRID)
  saveGrid(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Body() body: SaveResultGridDto,
  ): Promise<ResultGridSaveView> {
    return this.bus.request(SAVE_RESULT_GRID, ctx, { pointId, cells: body.cells });
  }

  @Get('api/v1/assessment/points/:pointId/results')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "The point's results: one measure's, or the whole grid" })
  @ApiReply(LIST_RESULTS)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Query() query: ResultsQueryDto,
  ): Promise<ResultView[]> {
    return this.bus.request(LIST_RESULTS, ctx, { pointId, measureId: query.measureId });
  }

  @Get('api/v1/assessment/points/:pointId/missing-results')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary:
      'Results still to enter at the point: pupils on roll at its date × measures, less those entered, per pupil and per class group (a teacher limited to class groups: theirs)',
  })
  @ApiReply(LIST_MISSING_RESULTS)
  missing(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Query() query: MissingResultsQueryDto,
  ): Promise<MissingResultsView> {
    return this.bus.request(LIST_MISSING_RESULTS, ctx, {
      pointId,
      measureId: query.measureId,
      classGroupId: query.classGroupId,
      yearGroup: query.yearGroup,
    });
  }

  @Get('api/v1/assessment/points/:pointId/results/history')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "A pupil's result history for a measure at the point, oldest first (who, when, old → new)" })
  @ApiReply(GET_RESULT_HISTORY)
  history(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Query() query: ResultHistoryQueryDto,
  ): Promise<ResultHistoryEntryView[]> {
    return this.bus.request(GET_RESULT_HISTORY, ctx, {
      pointId,
      measureId: query.measureId,
      pupilId: query.pupilId,
    });
  }
}
