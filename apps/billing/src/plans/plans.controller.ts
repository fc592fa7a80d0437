import { Controller } from '@nestjs/common';
import {
  ADD_PRICE_VERSION,
  AddPriceVersionRequest,
  CREATE_PLAN,
  CreatePlanRequest,
  GET_PLAN,
  LIST_PLANS,
  ListPlansRequest,
  MessageContext,
  PlanSummary,
  PlanView,
  QUOTE_PLAN,
  QuoteRequest,
  QuoteView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { PlansService } from './plans.service';

/** The platform's price list, managed by platform staff who hold billing:plans. */
@Controller()
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Handles(CREATE_PLAN)
  @Access(Allow.platform('billing:plans'))
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreatePlanRequest): Promise<PlanView> {
    return this.plans.create(ctx, data);
  }

  @Handles(ADD_PRICE_VERSION)
  @Access(Allow.platform('billing:plans'))
  addVersion(@MsgCtx() ctx: MessageContext, @MsgData() data: AddPriceVersionRequest): Promise<PlanView> {
    return this.plans.addVersion(ctx, data);
  }

  @Handles(LIST_PLANS)
  @Access(Allow.platform('billing:plans'))
  list(@MsgData() data: ListPlansRequest): Promise<{ items: PlanSummary[] }> {
    return this.plans.list(data);
  }

  @Handles(GET_PLAN)
  @Access(Allow.platform('billing:plans'))
  get(@MsgData() data: { planId: string }): Promise<PlanView> {
    return this.plans.get(data.planId);
  }

  @Handles(QUOTE_PLAN)
  @Access(Allow.platform('billing:plans'))
  quote(@MsgData() data: QuoteRequest): Promise<QuoteView> {
    return this.plans.quote(data);
  }
}
