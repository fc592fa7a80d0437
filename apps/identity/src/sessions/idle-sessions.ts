import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { describeError, PeriodicJob, PeriodicJobs, PLATFORM_LOGGER } from '@pt/platform';
import { Logger } from 'pino';
import { IdentityConfig } from '../identity.config';
import { ActiveSessionsService } from './active-sessions.service';
import { SessionRevocation } from './session-revocation';
import { SessionRepository } from './session.repository';

/** Sessions ended per statement; a backlog is worked through batch after batch. */
const BATCH = 1000;

/**
 * P13: a session not seen within SESSION_IDLE_MINUTES is ended (reason 'idle') and its
 * tokens refused at once on every gateway (the revocation broadcast), so an abandoned
 * browser neither counts as logged in nor keeps working. Every replica sweeps; SKIP
 * LOCKED shares the rows between them.
 */
@Injectable()
export class IdleSessions {
  readonly job: PeriodicJob<number>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
    private readonly sessions: ActiveSessionsService,
    private readonly revocation: SessionRevocation,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    jobs: PeriodicJobs,
  ) {
    this.job = jobs.define({
      name: 'idle-sessions',
      everyMs: config.SESSION_IDLE_SWEEP_MS,
      replicas: 'each-replica',
      run: () => this.sweep(),
    });
  }

  /** Ends every idle session; returns how many. */
  async sweep(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const ended = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
          const rows = await new SessionRepository(em).endIdle(this.sessions.activeness(), BATCH);
          this.revocation.recordEnded(em, rows, 'idle');
          return rows;
        });
        this.revocation.broadcast(
          ended.map((row) => row.id),
          'idle',
        );
        total += ended.length;
        if (ended.length < BATCH) break;
      }
      if (total) this.logger.info({ ended: total }, 'idle sessions ended');
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'idle session sweep failed; retrying on the next tick');
    }
    return total;
  }
}
