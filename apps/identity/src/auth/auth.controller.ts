import { Controller } from '@nestjs/common';
import {
  MessageContext,
  REFRESH,
  RefreshRequest,
  SIGN_IN,
  SIGN_OUT,
  SIGN_OUT_EVERYWHERE,
  SignInReply,
  SignInRequest,
  SignOutRequest,
  TokenPair,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { SessionStarter } from './session-starter';
import { SignInGuard } from './sign-in-guard';
import { SignOut } from './sign-out';
import { TokenRefresh } from './token-refresh';

/** Sign-in, refresh and sign-out; the rules live in the four services. */
@Controller()
export class AuthController {
  constructor(
    private readonly guard: SignInGuard,
    private readonly sessions: SessionStarter,
    private readonly tokens: TokenRefresh,
    private readonly signOuts: SignOut,
  ) {}

  @Handles(SIGN_IN)
  @Access(Allow.public())
  async signIn(@MsgCtx() ctx: MessageContext, @MsgData() data: SignInRequest): Promise<SignInReply> {
    const admitted = await this.guard.admit(ctx, data);
    return this.sessions.start(ctx, admitted, data);
  }

  @Handles(REFRESH)
  @Access(Allow.public())
  refresh(@MsgCtx() ctx: MessageContext, @MsgData() data: RefreshRequest): Promise<TokenPair> {
    return this.tokens.refresh(ctx, data);
  }

  @Handles(SIGN_OUT)
  @Access(Allow.signedIn())
  signOut(@MsgCtx() ctx: MessageContext, @MsgData() data: SignOutRequest): Promise<{ ended: boolean }> {
    return this.signOuts.one(ctx, data.sessionId);
  }

  @Handles(SIGN_OUT_EVERYWHERE)
  @Access(Allow.signedIn())
  signOutEverywhere(@MsgCtx() ctx: MessageContext): Promise<{ ended: number }> {
    return this.signOuts.everywhere(ctx);
  }
}
