import { Inject, Injectable } from '@nestjs/common';
import {
  MessageContext,
  NOTIFY_RIGHTS_MANAGERS,
  RIGHTS_REMINDER_SENT,
  RightsReminderRun,
  RightsReminderStage,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { PLATFORM_SCOPE, tenantScope, UnitOfWork } from '@pt/persistence';
import { BusClient, describeError, PeriodicJobs, PLATFORM_LOGGER, stageEvent, uuid7 } from '@pt/platform';
import { Logger } from 'pino';
import { AuditConfig } from '../audit.config';
import { utcToday } from './due-date';
import { RightsReminder } from './rights-fulfilment.entity';
import { RightsRequestRepository } from './rights-request.repository';

const DAY_MS = 86_400_000;
/** Requests reminded per run; the rest are picked up by the next one. */
const RUN_LIMIT = 1_000;

/**
 * Reminders of the rights register (P21): every open request due within RIGHTS_REMINDER_DAYS
 * gets a "due soon" reminder, and one past its due date an "overdue" one, each once. Identity
 * emails the school's staff who hold rights:manage and stores an in-app notice (as for
 * breach notices); the reminder is recorded here only once identity has answered, so one
 * that could not be sent is tried again by the next run, and identity's notice being
 * idempotent per request and stage means a retry emails nobody twice.
 */
@Injectable()
export class RightsRemindersService {
  private running?: Promise<RightsReminderRun>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly bus: BusClient,
    private readonly config: AuditConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    jobs: PeriodicJobs,
  ) {
    jobs.define({
      name: 'rights-reminders',
      everyMs: config.RIGHTS_REMINDER_INTERVAL_MINUTES * 60_000,
      replicas: 'one-replica',
      run: async () => {
        const result = await this.run();
        if (result.sent + result.failed > 0) this.logger.info({ ...result }, 'rights reminders ran');
      },
    });
  }

  /** One run at a time per process (a second caller shares the run under way). */
  run(): Promise<RightsReminderRun> {
    this.running ??= this.sweep().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweep(): Promise<RightsReminderRun> {
    const today = utcToday();
    const dueBy = new Date(Date.parse(`${today}T00:00:00Z`) + this.config.RIGHTS_REMINDER_DAYS * DAY_MS)
      .toISOString()
      .slice(0, 10);
    const due = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new RightsRequestRepository(em).dueForReminder(today, dueBy, RUN_LIMIT),
    );
    let sent = 0;
    let failed = 0;
    for (const request of due) {
      const stage: RightsReminderStage = request.currentDueOn < today ? 'overdue' : 'due-soon';
      const ctx: MessageContext = {
        tenantId: request.tenantId,
        actor: SYSTEM_ACTOR,
        requestId: `rights-reminder:${request.id}:${stage}`,
        ip: null,
      };
      try {
        const notified = await this.bus.request(NOTIFY_RIGHTS_MANAGERS, ctx, {
          requestId: request.id,
          stage,
          dueOn: request.currentDueOn,
        });
        const recorded = await this.unitOfWork.run(tenantScope(request.tenantId), async (em) => {
          const requests = new RightsRequestRepository(em);
          if (await requests.hasReminder(request.id, stage)) return false;
          requests.add(
            Object.assign(new RightsReminder(), {
              id: uuid7(),
              tenantId: request.tenantId,
              requestId: request.id,
              stage,
              recipients: notified.recipients,
              sentAt: new Date(notified.notifiedAt),
            }),
          );
          stageEvent(em, RIGHTS_REMINDER_SENT, ctx, { requestId: request.id, stage, recipients: notified.recipients });
          return true;
        });
        if (recorded) sent += 1;
      } catch (error) {
        failed += 1;
        this.logger.error({ rightsRequestId: request.id, stage, ...describeError(error) }, 'rights reminder failed');
      }
    }
    return { sent, failed };
  }
}
