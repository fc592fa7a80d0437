import { Inject, Injectable } from '@nestjs/common';
import {
  BILLING_ERRORS,
  GRACE_ACCESS_CHARGED,
  GraceChargePage,
  GraceChargeView,
  LifecycleRunView,
  MessageContext,
  NOTIFY_BILLING_CONTACT,
  PurgeCertificateView,
  PURGE_SERVICES,
  PurgeService,
  RecordGraceAccessRequest,
  SCHOOL_PURGE_SCHEDULED,
  SCHOOL_PURGE_STARTED,
  SCHOOL_PURGED,
  SCHOOLS_IN_GRACE_CHANGED_BROADCAST,
  SUBSCRIPTION_EXPIRED,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { PLATFORM_SCOPE, tenantScope, UnitOfWork } from '@pt/persistence';
import {
  Broadcasts,
  BusClient,
  BusException,
  Clock,
  describeError,
  EventCtx,
  PeriodicJob,
  PeriodicJobs,
  PLATFORM_LOGGER,
  stageEvent,
  uuid7,
} from '@pt/platform';
import { Logger } from 'pino';
import { BillingConfig } from '../billing.config';
import { PlansService } from '../plans/plans.service';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { GraceCharge } from './grace-charge.entity';
import { graceAccessPrice } from './grace-charge-price';
import { financialRecordsKeptUntil, noticeDue, purgeDueOn } from '../subscriptions/lifecycle-dates';
import { LifecycleNotice } from './lifecycle-notice.entity';
import { LifecycleRepository } from './lifecycle.repository';
import { SchoolPurge } from './school-purge.entity';
import { WebhookRepository } from '../webhooks/webhook.repository';

const today = (at: Date) => at.toISOString().slice(0, 10);

const NOTICE_KINDS = {
  expiry: { thirty: 'expiry-30', seven: 'expiry-7' },
  purge: { thirty: 'purge-30', seven: 'purge-7' },
} as const;

/**
 * P25, P26, P27: the school lifecycle, driven by the subscription's end date and billing's
 * clock only (an unpaid invoice never enters into it).
 *
 * One run, in order: every subscription whose last day has passed expires (grace begins and
 * its purge is scheduled); every purge that is due begins (billing deletes its own part and
 * the durable SCHOOL_PURGE_STARTED makes every other service delete theirs); every school
 * whose financial records have reached the end of their retention loses them. Each school's
 * step is one transaction claimed by a conditional UPDATE, with its events staged in it: the
 * run is a one-replica periodic job (an advisory lock), and even two runs at once (two
 * replicas, a run on demand during a tick) act once per school. A run after days of downtime
 * catches up: a school whose expiry and purge both fell in the gap expires first, in its own
 * committed transaction, then its purge begins, so its events keep their order.
 */
@Injectable()
export class LifecycleService {
  readonly job: PeriodicJob<LifecycleRunView>;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly plans: PlansService,
    private readonly clock: Clock,
    private readonly broadcasts: Broadcasts,
    private readonly bus: BusClient,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    config: BillingConfig,
    jobs: PeriodicJobs,
  ) {
    this.job = jobs.define({
      name: 'billing.lifecycle',
      everyMs: config.BILLING_LIFECYCLE_INTERVAL_MINUTES * 60_000,
      replicas: 'one-replica',
      run: () => this.runAt(this.clock.now()),
    });
  }

  /** The run on demand: at billing's clock, never at a day the caller names (a purge cannot be brought forward). */
  async run(): Promise<LifecycleRunView> {
    const outcome = await this.job.runOnce();
    // Another replica holds the job: it is running now, and acts for this one.
    return outcome.ran
      ? outcome.value
      : { on: today(this.clock.now()), expired: 0, purgesStarted: 0, noticesSent: 0, retentionEnded: 0 };
  }

  /** One run as at `now` (the job passes billing's clock; specs pass the day they test). */
  async runAt(now: Date): Promise<LifecycleRunView> {
    const on = today(now);
    const view: LifecycleRunView = { on, expired: 0, purgesStarted: 0, noticesSent: 0, retentionEnded: 0 };
    const expiring = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new LifecycleRepository(em).dueToExpire(on));
    for (const schoolId of expiring) {
      if (await this.step('expire', schoolId, () => this.expire(schoolId, on, now))) view.expired++;
    }
    const purges = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new LifecycleRepository(em).purgesDue(on));
    for (const purge of purges) {
      if (await this.step('purge', purge.tenantId, () => this.startPurge(purge.id, purge.tenantId, now))) {
        view.purgesStarted++;
      }
    }
    const retained = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new LifecycleRepository(em).retentionEnded(on));
    for (const purge of retained) {
      if (await this.step('retention', purge.tenantId, () => this.endRetention(purge.id, purge.tenantId, now))) {
        view.retentionEnded++;
      }
    }
    view.noticesSent = await this.sendNotices(on, now);
    if (view.expired || view.purgesStarted) {
      // The gateways' read-only set changed: they reload it now rather than at their next refresh.
      this.broadcasts.publish(SCHOOLS_IN_GRACE_CHANGED_BROADCAST);
    }
    if (view.expired || view.purgesStarted || view.retentionEnded || view.noticesSent)
      this.logger.info(view, 'school lifecycle run');
    return view;
  }

  /** One school's step; a failure is logged (ids only) and holds up no other school: the next run tries again. */
  private async step(step: string, schoolId: string, work: () => Promise<boolean>): Promise<boolean> {
    try {
      return await work();
    } catch (error) {
      this.logger.error({ step, schoolId, err: describeError(error) }, 'school lifecycle: a step failed');
      return false;
    }
  }

  private expire(schoolId: string, on: string, now: Date): Promise<boolean> {
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const lifecycle = new LifecycleRepository(em);
      const subscription = await lifecycle.expire(schoolId, on, now);
      if (!subscription) return false;
      const purge = Object.assign(new SchoolPurge(), {
        id: uuid7(),
        tenantId: schoolId,
        subscriptionId: subscription.id,
        endedOn: subscription.endsOn,
        purgeDueOn: purgeDueOn(subscription.endsOn),
        financialRecordsKeptUntil: financialRecordsKeptUntil(subscription.endsOn),
        scheduledAt: now,
      });
      lifecycle.schedulePurge(purge);
      const ctx = systemCtx(schoolId);
      stageEvent(em, SUBSCRIPTION_EXPIRED, ctx, { schoolId, subscriptionId: subscription.id });
      stageEvent(em, SCHOOL_PURGE_SCHEDULED, ctx, { schoolId, purgeId: purge.id });
      return true;
    });
  }

  private startPurge(purgeId: string, schoolId: string, now: Date): Promise<boolean> {
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const lifecycle = new LifecycleRepository(em);
      if (!(await lifecycle.startPurge(purgeId, now))) return false;
      const deleted = await lifecycle.purgeBillingData(schoolId);
      stageEvent(em, SCHOOL_PURGE_STARTED, systemCtx(schoolId), { schoolId, purgeId });
      await this.confirmLocked(em, purgeId, schoolId, 'billing', deleted, now);
      return true;
    });
  }

  private endRetention(purgeId: string, schoolId: string, now: Date): Promise<boolean> {
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const financial = await new LifecycleRepository(em).deleteFinancialRecords(purgeId, schoolId, now);
      if (!Object.keys(financial).length) return false;
      // The webhook messages about them (invoice numbers, amounts) go in the same transaction.
      const deleted = { ...financial, ...(await new WebhookRepository(em).deleteSchoolMessages(schoolId)) };
      this.logger.info({ schoolId, purgeId, deleted }, 'P27: financial records deleted at the end of their retention');
      return true;
    });
  }

  /**
   * P25: the billing contact is told 30 and 7 days before expiry and before the purge. The
   * notices due today are recorded (once each: the key is the subscription, the notice and the
   * day it announces), then every recorded notice not yet confirmed is handed to identity,
   * which sends the platform's mail and keeps one notice per id; one that fails (identity
   * away) is tried again by the next run, and a retry mails nobody twice.
   */
  private async sendNotices(on: string, now: Date): Promise<number> {
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const lifecycle = new LifecycleRepository(em);
      const due: LifecycleNotice[] = [];
      for (const coming of await lifecycle.noticeDays(on)) {
        const kind = noticeDue(on, coming.day, NOTICE_KINDS[coming.coming]);
        if (!kind) continue;
        due.push(
          Object.assign(new LifecycleNotice(), {
            subscriptionId: coming.subscriptionId,
            kind,
            announcedDay: coming.day,
            tenantId: coming.tenantId,
            id: uuid7(),
            recordedAt: now,
          }),
        );
      }
      await lifecycle.recordNotices(due);
    });
    const unsent = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new LifecycleRepository(em).unsentNotices());
    let sent = 0;
    for (const notice of unsent) {
      const delivered = await this.step('notice', notice.tenantId, async () => {
        await this.bus.request(NOTIFY_BILLING_CONTACT, systemCtx(notice.tenantId), {
          noticeId: notice.id,
          kind: notice.kind,
          day: notice.day,
          to: notice.to,
        });
        await this.unitOfWork.run(tenantScope(notice.tenantId), (em) =>
          new LifecycleRepository(em).markNoticeSent(notice.id, now),
        );
        return true;
      });
      if (delivered) sent++;
    }
    return sent;
  }

  /** A service's confirmation (from its durable event); the last one completes the purge. */
  async confirm(
    em: EntityManager,
    purgeId: string,
    schoolId: string,
    service: PurgeService,
    deleted: Record<string, number>,
  ): Promise<void> {
    await this.confirmLocked(em, purgeId, schoolId, service, sanitisedCounts(deleted), this.clock.now());
  }

  private async confirmLocked(
    em: EntityManager,
    purgeId: string,
    schoolId: string,
    service: PurgeService,
    deleted: Record<string, number>,
    at: Date,
  ): Promise<void> {
    const lifecycle = new LifecycleRepository(em);
    // Locked first: two confirmations handled at once count each other.
    const purge = await lifecycle.purgeForUpdate(purgeId);
    if (!purge || purge.tenantId !== schoolId) return;
    await lifecycle.confirm(purgeId, schoolId, service, deleted, at);
    if (purge.completedAt) return;
    const confirmed = new Set((await lifecycle.confirmations(purgeId)).map((c) => c.service));
    if (PURGE_SERVICES.every((s) => confirmed.has(s))) {
      purge.completedAt = at;
      stageEvent(em, SCHOOL_PURGED, systemCtx(schoolId), { schoolId, purgeId });
    }
  }

  async certificate(schoolId: string): Promise<PurgeCertificateView> {
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const lifecycle = new LifecycleRepository(em);
      const purge = await lifecycle.purgeOf(schoolId);
      if (!purge) {
        throw BusException.notFound(
          BILLING_ERRORS.PURGE_CERTIFICATE_NOT_FOUND,
          'The school has no purge scheduled or done',
        );
      }
      const confirmations = await lifecycle.confirmations(purge.id);
      const confirmed = new Set(confirmations.map((c) => c.service));
      return {
        purgeId: purge.id,
        schoolId,
        endedOn: purge.endedOn,
        purgeDueOn: purge.purgeDueOn,
        startedAt: purge.startedAt?.toISOString() ?? null,
        completedAt: purge.completedAt?.toISOString() ?? null,
        confirmations: confirmations.map((c) => ({
          service: c.service,
          confirmedAt: c.confirmedAt.toISOString(),
          deleted: c.deleted,
        })),
        outstanding: PURGE_SERVICES.filter((s) => !confirmed.has(s)),
        financialRecordsKeptUntil: purge.financialRecordsKeptUntil,
      };
    });
  }

  async schoolsInGrace(): Promise<{ grace: string[]; purged: string[] }> {
    return this.unitOfWork.run(PLATFORM_SCOPE, (em) => new LifecycleRepository(em).schoolsInGrace());
  }

  /**
   * P26: one grace-period access to pupil data, charged at a day of the school's plan at its
   * roll (grace-charge-price.ts), priced from the version in force today and snapshotted. A
   * school not in grace is refused: nothing is charged outside grace.
   */
  async recordGraceAccess(request: RecordGraceAccessRequest): Promise<GraceChargeView> {
    const schoolId = request.schoolId;
    const subscription = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new SubscriptionRepository(em).ofSchool(schoolId),
    );
    if (!subscription || subscription.status !== 'expired') {
      throw BusException.conflict(BILLING_ERRORS.SUBSCRIPTION_NOT_IN_GRACE, 'The school is not in its grace period');
    }
    const now = this.clock.now();
    const quote = await this.plans.quote({ planId: subscription.planId, pupils: subscription.pupils, on: today(now) });
    const charge = Object.assign(new GraceCharge(), {
      id: uuid7(),
      tenantId: schoolId,
      chargedAt: now,
      resource: request.resource.slice(0, 200),
      priceVersionId: quote.priceVersionId,
      vatRateBasisPoints: quote.vatRateBasisPoints,
      ...graceAccessPrice(quote.net, quote.vatRateBasisPoints),
    });
    await this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      new LifecycleRepository(em).addCharge(charge);
      stageEvent(em, GRACE_ACCESS_CHARGED, systemCtx(schoolId), { schoolId, chargeId: charge.id });
    });
    return chargeView(charge);
  }

  async charges(ctx: MessageContext, schoolId: string): Promise<GraceChargePage> {
    // A school's own staff see only their school's (another's reads as empty, as a statement does).
    const charges = await this.unitOfWork.run(tenantScope(ctx.tenantId ?? schoolId), (em) =>
      new LifecycleRepository(em).charges(schoolId),
    );
    const items = charges.map(chargeView);
    return { items, totalGrossPence: items.reduce((sum, c) => sum + c.grossPence, 0) };
  }
}

function systemCtx(schoolId: string): EventCtx & MessageContext {
  return { tenantId: schoolId, actor: SYSTEM_ACTOR, requestId: uuid7(), ip: null };
}

/** Counts only, whatever a confirmation carries: a table name and a whole number. */
function sanitisedCounts(deleted: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [table, count] of Object.entries(deleted ?? {})) {
    if (/^[a-z0-9_.-]{1,100}$/.test(table) && Number.isSafeInteger(count) && count >= 0) counts[table] = count;
  }
  return counts;
}

/** A charge as the school's list and the finance API (P28) show it. */
export function chargeView(charge: GraceCharge): GraceChargeView {
  return {
    id: charge.id,
    schoolId: charge.tenantId,
    chargedAt: charge.chargedAt.toISOString(),
    resource: charge.resource,
    priceVersionId: charge.priceVersionId,
    netPence: Number(charge.netPence),
    vatRateBasisPoints: charge.vatRateBasisPoints,
    vatPence: Number(charge.vatPence),
    grossPence: Number(charge.grossPence),
  };
}
