import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AUDIT_RETENTION_RAN, AuditRetentionRun, MessageContext, SYSTEM_ACTOR } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, describeError, PLATFORM_LOGGER, stageEvent, uuid7 } from '@pt/platform';
import { Logger } from 'pino';
import { AuditConfig } from '../audit.config';
import { AuditCheckpoint } from '../log/audit-checkpoint.entity';
import { AuditCheckpointRepository } from '../log/audit-checkpoint.repository';
import { checkpointSignature } from '../log/entry-hash';
import { AuditRetentionRepository } from './audit-retention.repository';

const DAY_MS = 86_400_000;

/**
 * Audit retention (P24): entries older than AUDIT_RETENTION_DAYS are removed, and only
 * here. In one transaction, under a lock that keeps replicas from running it twice at
 * once: a signed retention checkpoint at each chain's cut (so verify starts the chain
 * there), the removal through the owner's SQL function, and a durable event that the
 * audit consumer logs in the platform chain, so the run is itself audited.
 */
@Injectable()
export class AuditRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AuditConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const hours = this.config.AUDIT_RETENTION_INTERVAL_HOURS;
    if (hours <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.run({ actor: SYSTEM_ACTOR, requestId: 'audit-retention' })
        .then((result) => this.logger.info({ ...result }, 'audit retention ran'))
        .catch((error: unknown) => this.logger.error({ err: describeError(error) }, 'audit retention failed'))
        .finally(() => (this.running = undefined));
    }, hours * 3_600_000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** For the platform route: platform auditors only, outside any school. */
  runFor(ctx: MessageContext): Promise<AuditRetentionRun> {
    if (ctx.tenantId || (ctx.actor.kind !== 'platform' && ctx.actor.kind !== 'system')) {
      throw BusException.forbidden('audit.platform_only', 'Only platform auditors may do this, outside any school');
    }
    return this.run(ctx);
  }

  run(by: Pick<MessageContext, 'actor' | 'requestId'>): Promise<AuditRetentionRun> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const retention = new AuditRetentionRepository(em);
      await retention.lockRun();
      const cutoff = new Date(Date.now() - this.config.AUDIT_RETENTION_DAYS * DAY_MS);
      const cuts = await retention.cutsBefore(cutoff);
      const checkpoints = new AuditCheckpointRepository(em);
      for (const cut of cuts) {
        const checkpoint = Object.assign(new AuditCheckpoint(), {
          id: uuid7(),
          chain: cut.chain,
          tenantId: cut.tenantId,
          sequence: cut.sequence,
          hash: cut.hash,
          createdAt: new Date(),
          retentionCut: true,
        });
        checkpoint.signature = checkpointSignature(this.config.checkpointKey, checkpoint);
        checkpoints.add(checkpoint);
      }
      // The cuts must be in the table before the function looks for them.
      await em.flush();
      const entriesRemoved = cuts.length ? await retention.purgeBefore(cutoff) : 0;
      const result: AuditRetentionRun = { cutoff: cutoff.toISOString(), chains: cuts.length, entriesRemoved };
      stageEvent(em, AUDIT_RETENTION_RAN, { tenantId: null, actor: by.actor, requestId: by.requestId }, result);
      return result;
    });
  }
}
