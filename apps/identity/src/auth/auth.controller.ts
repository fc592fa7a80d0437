import { Controller } from '@nestjs/common';
import {
  MessageContext,
  REFRESH,
  RefreshRequest,
  REVOKED_SESSIONS,
  SessionsRevoked,
  SessionEndReason,
  SIGN_IN,
  SIGN_OUT,
  SIGN_OUT_EVERYWHERE,
  SignInReply,
  SignInRequest,
  SignOutRequest,
  SIGNING_KEYS,
  ROTATE_SIGNING_KEY,
  TokenPair,
  JsonWebKeySet,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { SessionRepository } from '../sessions/session.repository';
import { SigningKeys } from '../tokens/signing-keys';
import { platformActing } from '../users/user-rules';
import { AuthService } from './auth.service';

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly keys: SigningKeys,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
  ) {}

  @Handles(SIGN_IN)
  signIn(@MsgCtx() ctx: MessageContext, @MsgData() data: SignInRequest): Promise<SignInReply> {
    return this.auth.signIn(ctx, data);
  }

  @Handles(REFRESH)
  refresh(@MsgCtx() ctx: MessageContext, @MsgData() data: RefreshRequest): Promise<TokenPair> {
    return this.auth.refresh(ctx, data);
  }

  @Handles(SIGN_OUT)
  signOut(@MsgCtx() ctx: MessageContext, @MsgData() data: SignOutRequest): Promise<{ ended: boolean }> {
    return this.auth.signOut(ctx, data.sessionId);
  }

  @Handles(SIGN_OUT_EVERYWHERE)
  signOutEverywhere(@MsgCtx() ctx: MessageContext): Promise<{ ended: number }> {
    return this.auth.signOutEverywhere(ctx);
  }

  @Handles(ROTATE_SIGNING_KEY)
  rotateSigningKey(@MsgCtx() ctx: MessageContext): Promise<{ kid: string; published: string[] }> {
    // The gateway checks the permission too; a service never relies on that alone.
    platformActing(ctx, 'platform:security');
    return this.keys.rotate(ctx);
  }

  @Handles(SIGNING_KEYS)
  signingKeys(): Promise<JsonWebKeySet> {
    return this.keys.publicKeys();
  }

  /** For a gateway that starts while revoked sessions' tokens are still unexpired. */
  @Handles(REVOKED_SESSIONS)
  async revokedSessions(): Promise<SessionsRevoked> {
    const ttlMs = this.config.ACCESS_TOKEN_TTL_SECONDS * 1000;
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new SessionRepository(em).revokedSince(new Date(Date.now() - ttlMs)),
    );
    return {
      sessions: rows.map((r) => ({ sessionId: r.id, reason: (r.endReason ?? 'signed_out') as SessionEndReason })),
      until: Math.ceil((Date.now() + ttlMs) / 1000),
    };
  }
}
