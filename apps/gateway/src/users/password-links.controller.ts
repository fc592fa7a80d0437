import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCEPT_INVITATION,
  CONFIRM_PASSWORD_RESET,
  MessageContext,
  PasswordResetAccepted,
  REQUEST_PASSWORD_RESET,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { GatewayConfig } from '../gateway.config';
import { Public } from '../auth/public.decorator';
import { RequestCtx } from '../http/request-context';
import { PasswordResetDto, RedeemTokenDto } from './users.dto';
import { ApiNoContent, ApiProblems, ApiReply } from '../openapi/api-reply.decorator';

/** The emailed one-time links; public, since whoever uses them cannot sign in yet. */
@ApiTags('auth')
@Controller()
export class PasswordLinksController {
  constructor(
    private readonly bus: BusClient,
    private readonly config: GatewayConfig,
  ) {}

  @Public()
  @Post('api/v1/auth/set-password')
  @ApiProblems(409)
  @HttpCode(204)
  @ApiOperation({ summary: "Set the first password with an invitation's link; activates the account" })
  @ApiNoContent()
  async setPassword(@RequestCtx() ctx: MessageContext, @Body() body: RedeemTokenDto): Promise<void> {
    await this.bus.request(
      ACCEPT_INVITATION,
      ctx,
      { token: body.token, password: body.password },
      { timeoutMs: this.config.PASSWORD_REQUEST_TIMEOUT_MS },
    );
  }

  @Public()
  @Post('api/v1/auth/password-reset')
  @ApiProblems(429)
  @HttpCode(202)
  @ApiOperation({
    summary: 'P6: email a password-reset link. The answer is the same whether or not the account exists.',
  })
  @ApiReply(REQUEST_PASSWORD_RESET, 202, 'Always the same body')
  requestReset(@RequestCtx() ctx: MessageContext, @Body() body: PasswordResetDto): Promise<PasswordResetAccepted> {
    return this.bus.request(REQUEST_PASSWORD_RESET, ctx, { login: body.login });
  }

  @Public()
  @Post('api/v1/auth/password-reset/confirm')
  @ApiProblems(409)
  @HttpCode(204)
  @ApiOperation({ summary: "P6: set a new password with the reset link's token; ends all the account's sessions" })
  @ApiNoContent()
  async confirmReset(@RequestCtx() ctx: MessageContext, @Body() body: RedeemTokenDto): Promise<void> {
    await this.bus.request(
      CONFIRM_PASSWORD_RESET,
      ctx,
      { token: body.token, password: body.password },
      { timeoutMs: this.config.PASSWORD_REQUEST_TIMEOUT_MS },
    );
  }
}
