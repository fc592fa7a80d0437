import { Controller } from '@nestjs/common';
import {
  GET_MARKETING_PREFERENCE,
  MarketingPreference,
  MessageContext,
  SET_MARKETING_PREFERENCE,
  UNSUBSCRIBE_MARKETING,
  UnsubscribeRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { MarketingService } from './marketing.service';

@Controller()
export class MarketingController {
  constructor(private readonly marketing: MarketingService) {}

  @Handles(GET_MARKETING_PREFERENCE)
  @Access(Allow.signedIn())
  get(@MsgCtx() ctx: MessageContext): Promise<MarketingPreference> {
    return this.marketing.get(ctx);
  }

  @Handles(SET_MARKETING_PREFERENCE)
  @Access(Allow.signedIn())
  set(@MsgCtx() ctx: MessageContext, @MsgData() data: { optIn: boolean }): Promise<MarketingPreference> {
    return this.marketing.set(ctx, data.optIn === true);
  }

  @Handles(UNSUBSCRIBE_MARKETING)
  @Access(Allow.public())
  unsubscribe(@MsgCtx() ctx: MessageContext, @MsgData() data: UnsubscribeRequest): Promise<{ optIn: false }> {
    return this.marketing.unsubscribe(ctx, data);
  }
}
