import { Controller } from '@nestjs/common';
import {
  ACCEPT_INVITATION,
  CONFIRM_PASSWORD_RESET,
  MessageContext,
  PasswordResetAccepted,
  PasswordResetRequest,
  RedeemTokenRequest,
  REQUEST_PASSWORD_RESET,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { PasswordLinksService } from './password-links.service';

/** The emailed links: set the first password (invitation) and reset a lost one (P6). */
@Controller()
export class PasswordLinksController {
  constructor(private readonly links: PasswordLinksService) {}

  @Handles(ACCEPT_INVITATION)
  @Access(Allow.public())
  accept(@MsgCtx() ctx: MessageContext, @MsgData() data: RedeemTokenRequest): Promise<{ activated: true }> {
    return this.links.acceptInvitation(ctx, data);
  }

  @Handles(REQUEST_PASSWORD_RESET)
  @Access(Allow.public())
  requestReset(@MsgCtx() ctx: MessageContext, @MsgData() data: PasswordResetRequest): Promise<PasswordResetAccepted> {
    return this.links.requestReset(ctx, data);
  }

  @Handles(CONFIRM_PASSWORD_RESET)
  @Access(Allow.public())
  confirmReset(@MsgCtx() ctx: MessageContext, @MsgData() data: RedeemTokenRequest): Promise<{ reset: true }> {
    return this.links.confirmReset(ctx, data);
  }
}
