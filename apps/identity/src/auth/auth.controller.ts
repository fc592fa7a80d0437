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
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { SessionRepository } from '../sessions/session.repository';
import { SigningKeys } from '../tokens/signing-keys';
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
  @Access(Allow.public())
  signIn(@MsgCtx() ctx: MessageContext, @MsgData() data: SignInRequest): Promise<SignInReply> {
    return this.auth.signIn(ctx, data);
  }

  @Handles(REFRESH)
  @Access(Allow.public())
  refresh(@MsgCtx() ctx: MessageContext, @MsgData() data: RefreshRequest): Promise<TokenPair> {
    return this.auth.refresh(ctx, data);
  }

  @Handles(SIGN_OUT)
  @Access(Allow.signedIn())
  signOut(@MsgCtx() ctx: MessageContext, @MsgData() data: SignOutRequest): Promise<{ ended: boolean }> {
    return this.auth.signOut(ctx, data.sessionId);
  }

  @Handles(SIGN_OUT_EVERYWHERE)
  @Access(Allow.signedIn())
  signOutEverywhere(@MsgCtx() ctx: MessageContext): Promise<{ ended: number }> {
    return this.auth.signOutEverywhere(ctx);
  }

  @Handles(ROTATE_SIGNING_KEY)
  @Access(Allow.platform('platform:security'))
  rotateSigningKey(@MsgCtx() ctx: MessageContext): Promise<{ kid: string; published: string[] }> {
    return this.keys.rotate(ctx);
  }

  @Handles(SIGNING_KEYS)
  @Access(Allow.public())
  signingKeys(): Promise<JsonWebKeySet> {
    return this.keys.publicKeys();
  }

  /** For a gateway that starts while revoked sessions' tokens are still unexpired. */
  @Handles(REVOKED_SESSIONS)
  @Access(Allow.system())
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
