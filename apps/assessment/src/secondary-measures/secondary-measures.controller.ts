import { Controller } from '@nestjs/common';
import {
  GET_KS4_MEASURES,
  GET_NATIONAL_PROGRESS8_ESTIMATES,
  MessageContext,
  NationalProgress8EstimatesView,
  SET_NATIONAL_PROGRESS8_ESTIMATES,
  SetNationalProgress8EstimatesRequest,
  GET_SECONDARY_MEASURES,
  Ks4MeasuresView,
  PriorAttainmentSaveView,
  Progress8BaselineView,
  SecondaryMeasuresRequest,
  SecondaryMeasuresView,
  SET_KS4_MEASURES,
  SET_PRIOR_ATTAINMENT,
  SET_PROGRESS8_BASELINE,
  SetKs4MeasuresRequest,
  SetPriorAttainmentRequest,
  SetProgress8BaselineRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { SecondaryMeasuresService } from './secondary-measures.service';

@Controller()
export class SecondaryMeasuresController {
  constructor(private readonly measures: SecondaryMeasuresService) {}

  @Handles(SET_KS4_MEASURES)
  @Access(Allow.school('assessments:manage'))
  setRoles(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SetKs4MeasuresRequest): Promise<Ks4MeasuresView> {
    return this.measures.setKs4Measures(ctx, data);
  }

  @Handles(GET_KS4_MEASURES)
  @Access(Allow.school('assessments:read'))
  getRoles(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { frameworkId: string }): Promise<Ks4MeasuresView> {
    return this.measures.getKs4Measures(ctx, data);
  }

  @Handles(SET_PROGRESS8_BASELINE)
  @Access(Allow.school('assessments:manage'))
  setBaseline(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: SetProgress8BaselineRequest,
  ): Promise<Progress8BaselineView> {
    return this.measures.setBaseline(ctx, data);
  }

  /** National data, loaded once by the platform for every school. */
  @Handles(SET_NATIONAL_PROGRESS8_ESTIMATES)
  @Access(Allow.platform('platform:schools'))
  setNational(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: SetNationalProgress8EstimatesRequest,
  ): Promise<NationalProgress8EstimatesView> {
    return this.measures.setNationalEstimates(ctx, data);
  }

  @Handles(GET_NATIONAL_PROGRESS8_ESTIMATES)
  @Access(Allow.anyOf(Allow.platform('platform:schools'), Allow.school('assessments:read')))
  getNational(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { academicYear: string },
  ): Promise<NationalProgress8EstimatesView> {
    return this.measures.getNationalEstimates(ctx, data);
  }

  @Handles(SET_PRIOR_ATTAINMENT)
  @Access(Allow.school('assessments:manage'))
  setPriorAttainment(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: SetPriorAttainmentRequest,
  ): Promise<PriorAttainmentSaveView> {
    return this.measures.setPriorAttainment(ctx, data);
  }

  @Handles(GET_SECONDARY_MEASURES)
  @Access(Allow.school('assessments:read'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: SecondaryMeasuresRequest): Promise<SecondaryMeasuresView> {
    return this.measures.secondaryMeasures(ctx, data);
  }
}
