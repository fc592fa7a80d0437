import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ALL_EVENTS } from '@pt/contracts';
import { EventConsumers, PeriodicJobs } from '@pt/platform';
import { AuditConfig } from '../audit.config';
import { AuditLogService } from './audit-log.service';

/** The durable consumer's name: survives restarts, so audit catches up on what it missed. */
export const AUDIT_CONSUMER = 'audit-log';

/**
 * Reads every durable event into the log in stream order (so each school's entries are
 * chained in the order they happened), taking the events already waiting in batches, and
 * checkpoints the chains' heads on a timer (on one replica at a time: each run signs every head).
 */
@Injectable()
export class AuditIngestion implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly log: AuditLogService,
    config: AuditConfig,
    jobs: PeriodicJobs,
  ) {
    jobs.define({
      name: 'audit-checkpoint',
      everyMs: config.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
      replicas: 'one-replica',
      run: () => this.log.checkpoint(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      durable: AUDIT_CONSUMER,
      subjects: [ALL_EVENTS],
      handle: (event, em) => this.log.append(em, event),
      // Waiting events are taken in batches, one transaction each: audit keeps every
      // school's chain, and a commit per event (or per school in a batch) was most of the cost.
      handleBatch: (events, em) => this.log.appendAll(em, events),
      batchSize: 1_000,
      batchAcrossTenants: true,
    });
  }
}
