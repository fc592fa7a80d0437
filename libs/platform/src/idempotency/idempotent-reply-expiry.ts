import { Injectable } from '@nestjs/common';
import { expireIdempotentReplies, PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { PeriodicJob, PeriodicJobs } from '../jobs/periodic-jobs';

/** Often enough that a reply is gone within the hour after its 24 hours. */
const EVERY_MS = 15 * 60 * 1000;

/**
 * Deletes the Idempotency-Key replies a service recorded with its writes once their 24 hours
 * have passed (the gateway replays an answer no longer): a reply may hold personal data, so
 * it is kept no longer than a retry needs it. One replica at a time: one statement does all.
 */
@Injectable()
export class IdempotentReplyExpiry {
  readonly job: PeriodicJob<number>;

  constructor(jobs: PeriodicJobs, unitOfWork: UnitOfWork) {
    this.job = jobs.define({
      name: 'idempotent-reply-expiry',
      everyMs: EVERY_MS,
      replicas: 'one-replica',
      run: () => unitOfWork.run(PLATFORM_SCOPE, (em) => expireIdempotentReplies(em)),
    });
  }
}
