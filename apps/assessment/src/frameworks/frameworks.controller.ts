import { Controller } from '@nestjs/common';
import {
  ADD_ASSESSMENT_POINT,
  ADD_MEASURE,
  AddAssessmentPointRequest,
  AddMeasureRequest,
  ADOPT_ASSESSMENT_TEMPLATE,
  AdoptTemplateRequest,
  AssessmentPointRef,
  AssessmentPointView,
  CLOSE_ASSESSMENT_POINT,
  CREATE_FRAMEWORK,
  CreateFrameworkRequest,
  FrameworkRef,
  FrameworkSummary,
  FrameworkView,
  GET_FRAMEWORK,
  LIST_FRAMEWORKS,
  REOPEN_ASSESSMENT_POINT,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { FrameworksService } from './frameworks.service';

@Controller()
export class FrameworksController {
  constructor(private readonly frameworks: FrameworksService) {}

  @Handles(CREATE_FRAMEWORK)
  @Access(Allow.school('assessments:manage'))
  create(@SchoolCtx() ctx: SchoolContext, @MsgData() data: CreateFrameworkRequest): Promise<FrameworkView> {
    return this.frameworks.create(ctx, data);
  }

  @Handles(LIST_FRAMEWORKS)
  @Access(Allow.school('assessments:read'))
  list(@SchoolCtx() ctx: SchoolContext): Promise<FrameworkSummary[]> {
    return this.frameworks.list(ctx);
  }

  @Handles(GET_FRAMEWORK)
  @Access(Allow.school('assessments:read'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: FrameworkRef): Promise<FrameworkView> {
    return this.frameworks.get(ctx, data.frameworkId);
  }

  @Handles(ADOPT_ASSESSMENT_TEMPLATE)
  @Access(Allow.school('assessments:manage'))
  adopt(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AdoptTemplateRequest): Promise<FrameworkView> {
    return this.frameworks.adoptTemplate(ctx, data);
  }

  @Handles(ADD_MEASURE)
  @Access(Allow.school('assessments:manage'))
  addMeasure(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AddMeasureRequest): Promise<FrameworkView> {
    return this.frameworks.addMeasure(ctx, data);
  }

  @Handles(ADD_ASSESSMENT_POINT)
  @Access(Allow.school('assessments:manage'))
  addPoint(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AddAssessmentPointRequest): Promise<FrameworkView> {
    return this.frameworks.addPoint(ctx, data);
  }

  @Handles(CLOSE_ASSESSMENT_POINT)
  @Access(Allow.school('assessments:manage'))
  close(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AssessmentPointRef): Promise<AssessmentPointView> {
    return this.frameworks.close(ctx, data.pointId);
  }

  /** Reopening a closed point lets results change again: senior leaders and admins only. */
  @Handles(REOPEN_ASSESSMENT_POINT)
  @Access(Allow.school('assessments:manage'))
  reopen(@SchoolCtx() ctx: SchoolContext, @MsgData() data: AssessmentPointRef): Promise<AssessmentPointView> {
    return this.frameworks.reopen(ctx, data.pointId);
  }
}
