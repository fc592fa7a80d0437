import { Controller } from '@nestjs/common';
import {
  ConsentView,
  GIVE_CONSENT,
  GiveConsentRequest,
  LIST_CONSENTS,
  PupilConsentsView,
  WITHDRAW_CONSENT,
  WithdrawConsentRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { ConsentsService } from './consents.service';

@Controller()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Handles(LIST_CONSENTS)
  @Access(Allow.school('pupils:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<PupilConsentsView> {
    return this.consents.list(ctx, data.pupilId);
  }

  @Handles(GIVE_CONSENT)
  @Access(Allow.school('consents:manage'))
  give(@SchoolCtx() ctx: SchoolContext, @MsgData() data: GiveConsentRequest): Promise<ConsentView> {
    return this.consents.give(ctx, data);
  }

  @Handles(WITHDRAW_CONSENT)
  @Access(Allow.school('consents:manage'))
  withdraw(@SchoolCtx() ctx: SchoolContext, @MsgData() data: WithdrawConsentRequest): Promise<ConsentView> {
    return this.consents.withdraw(ctx, data);
  }
}
