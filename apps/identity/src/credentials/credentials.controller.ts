import { Controller } from '@nestjs/common';
import { CHANGE_PASSWORD, ChangePasswordRequest, MessageContext } from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { PasswordChangeService } from './password-change.service';

@Controller()
export class CredentialsController {
  constructor(private readonly passwords: PasswordChangeService) {}

  @Handles(CHANGE_PASSWORD)
  @Access(Allow.signedIn())
  changePassword(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: ChangePasswordRequest,
  ): Promise<{ endedSessions: number }> {
    return this.passwords.change(ctx, data);
  }
}
