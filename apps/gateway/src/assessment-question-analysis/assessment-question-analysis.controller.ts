import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_QUESTION_TEST,
  GET_QUESTION_FACILITY,
  GET_QUESTION_TEST,
  LIST_QUESTION_MARKS,
  LIST_QUESTION_TESTS,
  MessageContext,
  QuestionFacilityReport,
  QuestionMarksSaveView,
  QuestionMarksView,
  QuestionTestSummary,
  QuestionTestView,
  SAVE_QUESTION_MARKS,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiReply } from '../openapi/api-reply.decorator';
import { CreateQuestionTestDto, SaveQuestionMarksDto } from './assessment-question-analysis.dto';

/** Question-level analysis: tests with questions, marks per question, facility by question, strand and group. */
@ApiTags('assessment-question-analysis')
@ApiBearerAuth()
@Controller()
export class AssessmentQuestionAnalysisController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/assessment/question-tests')
  @RequirePermissions('assessments:write')
  @ApiOperation({ summary: 'Create a test with its questions (marks and strand each), in paper order' })
  @ApiReply(CREATE_QUESTION_TEST, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateQuestionTestDto): Promise<QuestionTestView> {
    return this.bus.request(CREATE_QUESTION_TEST, ctx, { name: body.name, date: body.date, questions: body.questions });
  }

  @Get('api/v1/assessment/question-tests')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "The school's question-level tests, newest first" })
  @ApiReply(LIST_QUESTION_TESTS)
  list(@RequestCtx() ctx: MessageContext): Promise<QuestionTestSummary[]> {
    return this.bus.request(LIST_QUESTION_TESTS, ctx, {});
  }

  @Get('api/v1/assessment/question-tests/:testId')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: 'A test and its questions' })
  @ApiReply(GET_QUESTION_TEST)
  get(@RequestCtx() ctx: MessageContext, @Param('testId', UuidParamPipe) testId: string): Promise<QuestionTestView> {
    return this.bus.request(GET_QUESTION_TEST, ctx, { testId });
  }

  @Put('api/v1/assessment/question-tests/:testId/marks')
  @RequirePermissions('assessments:write')
  @ApiOperation({ summary: 'Save a grid of marks per pupil and question, all or none, errors naming the cell' })
  @ApiReply(SAVE_QUESTION_MARKS)
  saveMarks(
    @RequestCtx() ctx: MessageContext,
    @Param('testId', UuidParamPipe) testId: string,
    @Body() body: SaveQuestionMarksDto,
  ): Promise<QuestionMarksSaveView> {
    return this.bus.request(SAVE_QUESTION_MARKS, ctx, { testId, cells: body.cells });
  }

  @Get('api/v1/assessment/question-tests/:testId/marks')
  @RequirePermissions('assessments:read')
  @ApiOperation({ summary: "The test's marks for the pupils the caller may see" })
  @ApiReply(LIST_QUESTION_MARKS)
  marks(@RequestCtx() ctx: MessageContext, @Param('testId', UuidParamPipe) testId: string): Promise<QuestionMarksView> {
    return this.bus.request(LIST_QUESTION_MARKS, ctx, { testId });
  }

  @Get('api/v1/assessment/question-tests/:testId/facility')
  @RequirePermissions('assessments:read')
  @ApiOperation({
    summary: 'Facility (marks scored / marks available) of each question and strand, for the cohort and every group',
  })
  @ApiReply(GET_QUESTION_FACILITY)
  facility(
    @RequestCtx() ctx: MessageContext,
    @Param('testId', UuidParamPipe) testId: string,
  ): Promise<QuestionFacilityReport> {
    return this.bus.request(GET_QUESTION_FACILITY, ctx, { testId });
  }
}
