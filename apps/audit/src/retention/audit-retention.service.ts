import { Inject, Injectable } from '@nestjs/common';
import { AUDIT_RETENTION_RAN, AuditRetentionRun, MessageContext, SYSTEM_ACTOR } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { PeriodicJobs, PLATFORM_LOGGER, stageEvent, uuid7 } from '@pt/platform';
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
export class AuditRetentionService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AuditConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    jobs: PeriodicJobs,
  ) {
    jobs.define({
      name: 'audit-retention',
      everyMs: config.AUDIT_RETENTION_INTERVAL_HOURS * 3_600_000,
      replicas: 'one-replica',
      run: async () => {
        const result = await this.run({ actor: SYSTEM_ACTOR, requestId: 'audit-retention' });
        this.logger.info({ ...result }, 'audit retention ran');
      },
    });
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
