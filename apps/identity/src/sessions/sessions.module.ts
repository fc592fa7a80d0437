import { Module } from '@nestjs/common';
import { ActiveSessionsController } from './active-sessions.controller';
import { ActiveSessionsService } from './active-sessions.service';
import { ConcurrentSessions } from './concurrent-sessions';
import { IdleSessions } from './idle-sessions';
import { RevokedSessionsController } from './revoked-sessions.controller';
import { SessionOwnersController } from './session-owners.controller';
import { SessionRevocation } from './session-revocation';

/** Sessions: who is logged in (P13), ending them on every gateway, one at a time or several (P5). */
@Module({
  controllers: [ActiveSessionsController, RevokedSessionsController, SessionOwnersController],
  providers: [SessionRevocation, ConcurrentSessions, ActiveSessionsService, IdleSessions],
  exports: [SessionRevocation, ConcurrentSessions, ActiveSessionsService],
})
export class SessionsModule {}
