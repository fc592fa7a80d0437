import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { describeError, EventConsumers, PLATFORM_LOGGER } from '@pt/platform';
import { Logger } from 'pino';
import { AuditConfig } from '../audit.config';
import { AuditLogService } from './audit-log.service';

/** The durable consumer's name: survives restarts, so audit catches up on what it missed. */
export const AUDIT_CONSUMER = 'audit-log';

/**
 * Reads every durable event into the log in stream order (so each school's entries are
 * chained in the order they happened), taking the events already waiting in batches, and
 * checkpoints the chains' heads on a timer.
 */
@Injectable()
export class AuditIngestion implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private checkpointing?: Promise<unknown>;

  constructor(
    private readonly consumers: EventConsumers,
    private readonly log: AuditLogService,
    private readonly config: AuditConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.start({
      durable: AUDIT_CONSUMER,
      subjects: ['evt.>'],
      handle: (event, em) => this.log.append(em, event),
      // Waiting events are taken in batches, one transaction each: audit keeps every
      // school's chain, and a commit per event (or per school in a batch) was most of the cost.
      handleBatch: (events, em) => this.log.appendAll(em, events),
      batchSize: 1_000,
      batchAcrossTenants: true,
    });
    const seconds = this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        if (this.checkpointing) return;
        this.checkpointing = this.log
          .checkpoint()
          .catch((error: unknown) => this.logger.error({ err: describeError(error) }, 'audit checkpoint failed'))
          .finally(() => (this.checkpointing = undefined));
      }, seconds * 1000);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checkpointing;
  }
}
