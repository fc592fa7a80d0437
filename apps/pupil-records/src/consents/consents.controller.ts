import { Controller } from '@nestjs/common';
import {
  ConsentView,
  GIVE_CONSENT,
  GiveConsentRequest,
  LIST_CONSENTS,
  MessageContext,
  PupilConsentsView,
  WITHDRAW_CONSENT,
  WithdrawConsentRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { ConsentsService } from './consents.service';

@Controller()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Handles(LIST_CONSENTS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<PupilConsentsView> {
    return this.consents.list(ctx, data.pupilId);
  }

  @Handles(GIVE_CONSENT)
  give(@MsgCtx() ctx: MessageContext, @MsgData() data: GiveConsentRequest): Promise<ConsentView> {
    return this.consents.give(ctx, data);
  }

  @Handles(WITHDRAW_CONSENT)
  withdraw(@MsgCtx() ctx: MessageContext, @MsgData() data: WithdrawConsentRequest): Promise<ConsentView> {
    return this.consents.withdraw(ctx, data);
  }
}
