import { Controller } from '@nestjs/common';
import {
  CHANGE_SUBSCRIPTION_PLAN,
  ChangeSubscriptionPlanRequest,
  CreateSubscriptionRequest,
  GET_SUBSCRIPTION,
  MessageContext,
  RENEW_SUBSCRIPTION,
  RenewSubscriptionRequest,
  SUBSCRIBE_SCHOOL,
  SubscriptionChangeView,
  SubscriptionView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { SubscriptionsService } from './subscriptions.service';

/** Schools' subscriptions, managed by platform staff who hold billing:subscriptions; a school's administrators read their own. */
@Controller()
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Handles(SUBSCRIBE_SCHOOL)
  @Access(Allow.platform('billing:subscriptions'))
  subscribe(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateSubscriptionRequest): Promise<SubscriptionView> {
    return this.subscriptions.subscribe(ctx, data);
  }

  @Handles(GET_SUBSCRIPTION)
  @Access(Allow.anyOf(Allow.platform('billing:subscriptions'), Allow.school('school:manage')))
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { schoolId: string }): Promise<SubscriptionView> {
    return this.subscriptions.get(ctx, data.schoolId);
  }

  @Handles(CHANGE_SUBSCRIPTION_PLAN)
  @Access(Allow.platform('billing:subscriptions'))
  changePlan(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: ChangeSubscriptionPlanRequest,
  ): Promise<SubscriptionChangeView> {
    return this.subscriptions.changePlan(ctx, data);
  }

  @Handles(RENEW_SUBSCRIPTION)
  @Access(Allow.platform('billing:subscriptions'))
  renew(@MsgCtx() ctx: MessageContext, @MsgData() data: RenewSubscriptionRequest): Promise<SubscriptionChangeView> {
    return this.subscriptions.renew(ctx, data);
  }
}
