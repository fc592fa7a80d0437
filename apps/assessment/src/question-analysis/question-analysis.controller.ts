import { Controller } from '@nestjs/common';
import {
  CREATE_QUESTION_TEST,
  CreateQuestionTestRequest,
  GET_QUESTION_FACILITY,
  GET_QUESTION_TEST,
  LIST_QUESTION_MARKS,
  LIST_QUESTION_TESTS,
  QuestionFacilityReport,
  QuestionMarksSaveView,
  QuestionMarksView,
  QuestionTestRef,
  QuestionTestSummary,
  QuestionTestView,
  SAVE_QUESTION_MARKS,
  SaveQuestionMarksRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { QuestionAnalysisService } from './question-analysis.service';

@Controller()
export class QuestionAnalysisController {
  constructor(private readonly analysis: QuestionAnalysisService) {}

  @Handles(CREATE_QUESTION_TEST)
  @Access(Allow.school('assessments:write'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreateQuestionTestRequest): Promise<QuestionTestView> {
    return this.analysis.create(ctx, data);
  }

  @Handles(LIST_QUESTION_TESTS)
  @Access(Allow.school('assessments:read'))
  list(@SchoolCtx() ctx: SchoolContext): Promise<QuestionTestSummary[]> {
    return this.analysis.list(ctx);
  }

  @Handles(GET_QUESTION_TEST)
  @Access(Allow.school('assessments:read'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: QuestionTestRef): Promise<QuestionTestView> {
    return this.analysis.get(ctx, data);
  }

  @Handles(SAVE_QUESTION_MARKS)
  @Access(Allow.school('assessments:write'))
  saveMarks(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: SaveQuestionMarksRequest,
  ): Promise<QuestionMarksSaveView> {
    return this.analysis.saveMarks(ctx, data);
  }

  @Handles(LIST_QUESTION_MARKS)
  @Access(Allow.school('assessments:read'))
  marks(@SchoolCtx() ctx: SchoolContext, @MsgData() data: QuestionTestRef): Promise<QuestionMarksView> {
    return this.analysis.marks(ctx, data);
  }

  @Handles(GET_QUESTION_FACILITY)
  @Access(Allow.school('assessments:read'))
  facility(@SchoolCtx() ctx: SchoolContext, @MsgData() data: QuestionTestRef): Promise<QuestionFacilityReport> {
    return this.analysis.facility(ctx, data);
  }
}
