import { Injectable } from '@nestjs/common';
import {
  ChangeSubscriptionPlanRequest,
  CreateSubscriptionRequest,
  ISO_DATE,
  LegalEntity,
  MessageContext,
  PriceFigures,
  QuoteView,
  RenewSubscriptionRequest,
  SCHOOLS_IN_GRACE_CHANGED_BROADCAST,
  SUBSCRIPTION_RENEWED,
  SubscriptionChangeView,
  SubscriptionView,
  UK_POSTCODE,
  BILLING_ERRORS,
} from '@pt/contracts';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { Broadcasts, BusException, Clock, stageEvent, uuid7 } from '@pt/platform';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { BillingCustomerRepository } from '../customers/billing-customer.repository';
import { SchoolRollRepository } from '../customers/school-roll.repository';
import { MAX_PUPILS } from '../plans/pricing';
import { PlansService } from '../plans/plans.service';
import { planChange, renewal } from './pro-rata';
import { addDays, purgeDueOn } from './lifecycle-dates';
import { Subscription } from './subscription.entity';
import { SubscriptionRepository } from './subscription.repository';

type Problem = { field: string; message: string };

const notFound = () => BusException.notFound('subscription.not_found', 'The school has no subscription');
const notSigned = () =>
  BusException.conflict(
    'billing_customer.terms_not_signed',
    'The school is not a billing customer until it has signed its data processing terms',
  );
const rollUnknown = () =>
  BusException.conflict(
    'subscription.roll_unknown',
    "pupils: give the count, or wait until pupil-records has reported the school's roll",
    { field: 'pupils' },
  );
const purged = () =>
  BusException.conflict(
    BILLING_ERRORS.SUBSCRIPTION_PURGED,
    "The school's data has been purged: its subscription cannot be renewed",
  );
/** Deliberately loose (the gateway checks the format); the address itself never appears in an error. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A school's subscription: made only for a billing customer (a school that signed its data
 * processing terms), priced at the plan's version in force on the day, and changed to
 * another plan mid-term with a pro-rata credit and charge by day.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly plans: PlansService,
    private readonly clock: Clock,
    private readonly broadcasts: Broadcasts,
  ) {}

  async subscribe(ctx: MessageContext, request: CreateSubscriptionRequest): Promise<SubscriptionView> {
    checkSubscription(request);
    const schoolId = this.schoolOf(ctx, request.schoolId);
    const pupils = await this.pupilsFor(schoolId, request.pupils);
    const quote = await this.quote(request.planId, pupils, request.startsOn);
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      if (!(await new BillingCustomerRepository(em).find(schoolId))) throw notSigned();
      const subscriptions = new SubscriptionRepository(em);
      if (await subscriptions.ofSchool(schoolId)) {
        throw BusException.conflict('subscription.exists', 'The school already has a subscription');
      }
      const now = new Date();
      const subscription = Object.assign(new Subscription(), {
        id: uuid7(),
        tenantId: schoolId,
        planId: request.planId,
        priceVersionId: quote.priceVersionId,
        startsOn: request.startsOn,
        endsOn: request.endsOn,
        pupils,
        billingContactEmail: request.billingContactEmail.trim(),
        purchaseOrderNumber: request.purchaseOrderNumber?.trim() || null,
        legalEntity: legalEntityOf(request.legalEntity),
        status: 'active' as const,
        createdAt: now,
        updatedAt: now,
      });
      subscriptions.add(subscription);
      return viewOf(subscription, figuresOf(quote));
    });
  }

  async get(ctx: MessageContext, schoolIdAsked: string): Promise<SubscriptionView> {
    const schoolId = this.schoolOf(ctx, schoolIdAsked);
    const subscription = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new SubscriptionRepository(em).ofSchool(schoolId),
    );
    if (!subscription) throw notFound();
    const quote = await this.quote(subscription.planId, subscription.pupils, subscription.startsOn);
    return viewOf(subscription, figuresOf(quote));
  }

  /** An upgrade or downgrade from `on` to the end of the term: credit for the old price's unused days, charge for the new. */
  async changePlan(ctx: MessageContext, request: ChangeSubscriptionPlanRequest): Promise<SubscriptionChangeView> {
    const problems: Problem[] = [];
    checkDate(request.on, 'on', problems);
    if (request.pupils !== undefined) checkPupils(request.pupils, problems);
    if (problems.length) throw BusException.validation(problems);
    const schoolId = this.schoolOf(ctx, request.schoolId);
    const current = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new SubscriptionRepository(em).ofSchool(schoolId),
    );
    if (!current) throw notFound();
    if (request.on < current.startsOn || request.on > current.endsOn) {
      throw BusException.conflict(
        'subscription.change_outside_term',
        `A plan change must fall within the term (${current.startsOn} to ${current.endsOn})`,
      );
    }
    // The old price is the one the term was priced at; the new is the new plan's in force on the day.
    const before = await this.quote(current.planId, current.pupils, current.startsOn);
    const pupils = await this.pupilsFor(schoolId, request.pupils);
    const after = await this.quote(request.planId, pupils, request.on);
    const proRata = planChange(
      current,
      request.on,
      { net: before.net, vatRateBasisPoints: before.vatRateBasisPoints },
      { net: after.net, vatRateBasisPoints: after.vatRateBasisPoints },
    );
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const subscription = await new SubscriptionRepository(em).ofSchoolForUpdate(schoolId);
      if (!subscription) throw notFound();
      Object.assign(subscription, {
        planId: request.planId,
        priceVersionId: after.priceVersionId,
        pupils,
        updatedAt: new Date(),
      });
      return { subscription: viewOf(subscription, figuresOf(after)), proRata };
    });
  }

  /**
   * P25: a new term from the day after the current one ends to `endsOn`, on the current plan or
   * another, priced at that plan's version in force on the new term's first day and charged by
   * day (pro-rata.ts `renewal`). A school in grace is active again in the same transaction that
   * cancels its pending purge, and the gateways are told at once (the broadcast the lifecycle
   * run uses) so its staff can write again. A purged school is refused: its data is gone.
   */
  async renew(ctx: MessageContext, request: RenewSubscriptionRequest): Promise<SubscriptionChangeView> {
    const problems: Problem[] = [];
    checkDate(request.endsOn, 'endsOn', problems);
    if (request.pupils !== undefined) checkPupils(request.pupils, problems);
    if (problems.length) throw BusException.validation(problems);
    const schoolId = this.schoolOf(ctx, request.schoolId);
    const current = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new SubscriptionRepository(em).ofSchool(schoolId),
    );
    if (!current) throw notFound();
    if (current.status === 'purged') throw purged();
    if (request.endsOn <= current.endsOn) {
      throw BusException.validation([
        { field: 'endsOn', message: `must be after the current term's end (${current.endsOn})` },
      ]);
    }
    // A term already over on renewal would only expire again at the next lifecycle run.
    const today = this.clock.now().toISOString().slice(0, 10);
    if (request.endsOn < today) {
      throw BusException.validation([{ field: 'endsOn', message: `must not be before today (${today})` }]);
    }
    const planId = request.planId ?? current.planId;
    // The new term is priced at the roll pupil-records last reported, else at the old term's.
    const pupils =
      request.pupils ??
      (await this.unitOfWork.run(tenantScope(schoolId), (em) => new SchoolRollRepository(em).find(schoolId)))
        ?.pupilsOnRoll ??
      current.pupils;
    const from = addDays(current.endsOn, 1);
    const price = await this.quote(planId, pupils, from);
    const proRata = renewal(current.endsOn, request.endsOn, {
      net: price.net,
      vatRateBasisPoints: price.vatRateBasisPoints,
    });
    const { view, wasInGrace } = await this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const subscription = await new SubscriptionRepository(em).ofSchoolForUpdate(schoolId);
      if (!subscription) throw notFound();
      if (subscription.status === 'purged') throw purged();
      // Priced from the term read above: another renewal or change committed since prices another term.
      if (subscription.endsOn !== current.endsOn || subscription.updatedAt.getTime() !== current.updatedAt.getTime()) {
        throw BusException.conflict(
          BILLING_ERRORS.SUBSCRIPTION_CHANGED_MEANWHILE,
          'The subscription changed while it was being renewed; read it again and retry',
        );
      }
      const inGrace = subscription.status === 'expired';
      if (inGrace) await new LifecycleRepository(em).cancelPendingPurge(schoolId);
      Object.assign(subscription, {
        planId,
        priceVersionId: price.priceVersionId,
        pupils,
        startsOn: from,
        endsOn: request.endsOn,
        status: 'active' as const,
        expiredAt: null,
        updatedAt: new Date(),
      });
      stageEvent(em, SUBSCRIPTION_RENEWED, ctx, { schoolId, subscriptionId: subscription.id });
      return { view: viewOf(subscription, figuresOf(price)), wasInGrace: inGrace };
    });
    // After the commit: the gateways reload the read-only set, which no longer holds the school.
    if (wasInGrace) this.broadcasts.publish(SCHOOLS_IN_GRACE_CHANGED_BROADCAST);
    return { subscription: view, proRata };
  }

  /** Platform staff name the school; a school's own staff see only their school (another's is not found). */
  private schoolOf(ctx: MessageContext, schoolId: string): string {
    if (ctx.tenantId && ctx.tenantId !== schoolId) throw notFound();
    return schoolId;
  }

  /** The platform's override if given, else the school's roll as pupil-records last reported it. */
  private async pupilsFor(schoolId: string, given: number | undefined): Promise<number> {
    if (given !== undefined) return given;
    const roll = await this.unitOfWork.run(tenantScope(schoolId), (em) => new SchoolRollRepository(em).find(schoolId));
    if (!roll) throw rollUnknown();
    return roll.pupilsOnRoll;
  }

  private quote(planId: string, pupils: number, on: string): Promise<QuoteView> {
    return this.plans.quote({ planId, pupils, on });
  }
}

function checkDate(value: string, field: string, problems: Problem[]): void {
  // A real calendar day: Date.parse alone accepts 2029-02-30 (as 2 March), so the day must survive the round trip.
  if (
    typeof value !== 'string' ||
    !ISO_DATE.pattern.test(value) ||
    Number.isNaN(Date.parse(value)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    problems.push({ field, message: ISO_DATE.message });
  }
}

function checkPupils(pupils: number, problems: Problem[]): void {
  if (!Number.isSafeInteger(pupils) || pupils < 0 || pupils > MAX_PUPILS) {
    problems.push({ field: 'pupils', message: `must be a whole number from 0 to ${MAX_PUPILS}` });
  }
}

const text = (value: unknown, max = 200) => typeof value === 'string' && value.trim().length > 0 && value.length <= max;

function checkSubscription(request: CreateSubscriptionRequest): void {
  const problems: Problem[] = [];
  checkDate(request.startsOn, 'startsOn', problems);
  checkDate(request.endsOn, 'endsOn', problems);
  if (!problems.length && request.endsOn <= request.startsOn) {
    problems.push({ field: 'endsOn', message: 'must be after startsOn' });
  }
  if (request.pupils !== undefined) checkPupils(request.pupils, problems);
  if (typeof request.billingContactEmail !== 'string' || !EMAIL.test(request.billingContactEmail.trim())) {
    problems.push({ field: 'billingContactEmail', message: 'must be an email address' });
  }
  if (request.purchaseOrderNumber !== undefined && !text(request.purchaseOrderNumber, 100)) {
    problems.push({ field: 'purchaseOrderNumber', message: 'must be text of up to 100 characters' });
  }
  const entity = request.legalEntity;
  if (!entity || !['academy_trust', 'la_school'].includes(entity.kind)) {
    problems.push({ field: 'legalEntity.kind', message: "must be 'academy_trust' or 'la_school'" });
  }
  if (!text(entity?.name)) problems.push({ field: 'legalEntity.name', message: 'must be given' });
  if (!text(entity?.address?.line1)) problems.push({ field: 'legalEntity.address.line1', message: 'must be given' });
  if (!text(entity?.address?.town)) problems.push({ field: 'legalEntity.address.town', message: 'must be given' });
  if (!UK_POSTCODE.pattern.test(entity?.address?.postcode ?? '')) {
    problems.push({ field: 'legalEntity.address.postcode', message: UK_POSTCODE.message });
  }
  if (entity?.companyNumber !== undefined && !/^[A-Z0-9]{8}$/.test(entity.companyNumber)) {
    problems.push({ field: 'legalEntity.companyNumber', message: 'must be a company number of 8 letters or digits' });
  }
  if (problems.length) throw BusException.validation(problems);
}

function legalEntityOf(entity: LegalEntity): LegalEntity {
  return {
    kind: entity.kind,
    name: entity.name.trim(),
    address: {
      line1: entity.address.line1.trim(),
      ...(entity.address.line2?.trim() ? { line2: entity.address.line2.trim() } : {}),
      town: entity.address.town.trim(),
      postcode: entity.address.postcode.trim().toUpperCase(),
    },
    ...(entity.companyNumber ? { companyNumber: entity.companyNumber } : {}),
  };
}

function figuresOf(quote: QuoteView): PriceFigures {
  return { base: quote.base, perPupil: quote.perPupil, net: quote.net, vat: quote.vat, gross: quote.gross };
}

function viewOf(subscription: Subscription, annual: PriceFigures): SubscriptionView {
  return { ...subscriptionFieldsOf(subscription), annual };
}

/** The subscription's own fields, without the price figures a quote adds (the finance API's list). */
export function subscriptionFieldsOf(subscription: Subscription): Omit<SubscriptionView, 'annual'> {
  return {
    id: subscription.id,
    schoolId: subscription.tenantId,
    planId: subscription.planId,
    priceVersionId: subscription.priceVersionId,
    startsOn: subscription.startsOn,
    endsOn: subscription.endsOn,
    pupils: subscription.pupils,
    billingContactEmail: subscription.billingContactEmail,
    purchaseOrderNumber: subscription.purchaseOrderNumber,
    legalEntity: subscription.legalEntity,
    status: subscription.status,
    purgeDueOn: purgeDueOn(subscription.endsOn),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}
