import { Controller } from '@nestjs/common';
import { REVOKED_SESSIONS, SessionEndReason, SessionsRevoked } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Access, Allow, Handles } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { SessionRepository } from './session.repository';

@Controller()
export class RevokedSessionsController {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
  ) {}

  /** For a gateway that starts while revoked sessions' tokens are still unexpired. */
  @Handles(REVOKED_SESSIONS)
  @Access(Allow.system())
  async list(): Promise<SessionsRevoked> {
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
