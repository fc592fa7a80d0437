import { Injectable } from '@nestjs/common';
import {
  AddPriceVersionRequest,
  CreatePlanRequest,
  ISO_DATE,
  ListPlansRequest,
  MessageContext,
  PlanSummary,
  PlanView,
  PriceTerms,
  PriceVersionView,
  QuoteRequest,
  QuoteView,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, uuid7 } from '@pt/platform';
import { Plan, PlanPriceVersion } from './plan.entity';
import { PlanRepository } from './plan.repository';
import { MAX_PUPILS, priceFor, priceInForce, priceTermProblems } from './pricing';

const notFound = () => BusException.notFound('plan.not_found', 'The plan does not exist');

/** Today as a UTC calendar date. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The platform's price list: plans with immutable price versions, the price in force on a
 * day, and a quote for a roll on a day (what an invoice will snapshot).
 */
@Injectable()
export class PlansService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async create(ctx: MessageContext, request: CreatePlanRequest): Promise<PlanView> {
    checkTerms(request.price, 'price.');
    const code = request.code.trim().toLowerCase();
    const planId = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const plans = new PlanRepository(em);
      if (await plans.codeTaken(code)) {
        throw BusException.conflict('plan.code_taken', `A plan with the code ${code} exists`);
      }
      const plan = Object.assign(new Plan(), {
        id: uuid7(),
        code,
        name: request.name.trim(),
        createdAt: new Date(),
        createdBy: ctx.actor.id,
      });
      plans.add(plan);
      plans.add(newVersion(ctx, plan.id, request.price));
      return plan.id;
    });
    return this.get(planId);
  }

  /** A new version; earlier versions stay exactly as they were. */
  async addVersion(ctx: MessageContext, request: AddPriceVersionRequest): Promise<PlanView> {
    checkTerms(request);
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const plans = new PlanRepository(em);
      if (!(await plans.findForUpdate(request.planId))) throw notFound();
      const versions = await plans.versionsOf([request.planId]);
      if (versions.some((v) => v.effectiveFrom === request.effectiveFrom)) {
        throw BusException.conflict(
          'price_version.date_taken',
          `The plan already has a price version effective from ${request.effectiveFrom}; versions are never changed`,
        );
      }
      plans.add(newVersion(ctx, request.planId, request));
    });
    return this.get(request.planId);
  }

  async list(request: ListPlansRequest): Promise<{ items: PlanSummary[] }> {
    const on = checkDay(request.on);
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const plans = new PlanRepository(em);
      const all = await plans.all();
      const versions = await plans.versionsOf(all.map((p) => p.id));
      return {
        items: all.map((plan) => {
          const current = priceInForce(
            versions.filter((v) => v.planId === plan.id),
            on,
          );
          return summaryOf(plan, current ? versionView(current) : null);
        }),
      };
    });
  }

  async get(planId: string): Promise<PlanView> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const plans = new PlanRepository(em);
      const plan = await plans.findById(planId);
      if (!plan) throw notFound();
      const versions = (await plans.versionsOf([planId])).map(versionView);
      return { ...summaryOf(plan, priceInForce(versions, today())), versions };
    });
  }

  async quote(request: QuoteRequest): Promise<QuoteView> {
    const on = checkDay(request.on);
    if (!Number.isSafeInteger(request.pupils) || request.pupils < 0 || request.pupils > MAX_PUPILS) {
      throw BusException.validation([{ field: 'pupils', message: `must be a whole number from 0 to ${MAX_PUPILS}` }]);
    }
    return quoteOf(await this.get(request.planId), request.pupils, on);
  }
}

/**
 * The price of a roll on a day from a plan already read: the version in force that day. The
 * invoice run reads each plan once and prices every school's roll with it.
 */
export function quoteOf(plan: PlanView, pupils: number, on: string): QuoteView {
  const version = priceInForce(plan.versions, on);
  if (!version) {
    throw BusException.conflict('plan.no_price_in_force', `The plan has no price in force on ${on}`);
  }
  return {
    planId: plan.id,
    priceVersionId: version.id,
    effectiveFrom: version.effectiveFrom,
    on,
    pupils,
    vatRateBasisPoints: version.vatRateBasisPoints,
    ...priceFor(version, pupils),
  };
}

function checkTerms(terms: PriceTerms, prefix = ''): void {
  const problems = priceTermProblems(terms, prefix);
  if (!ISO_DATE.pattern.test(terms.effectiveFrom ?? '') || Number.isNaN(Date.parse(terms.effectiveFrom))) {
    problems.unshift({ field: prefix + 'effectiveFrom', message: ISO_DATE.message });
  }
  if (problems.length) throw BusException.validation(problems);
}

function checkDay(on: string | undefined): string {
  if (on === undefined) return today();
  if (!ISO_DATE.pattern.test(on) || Number.isNaN(Date.parse(on))) {
    throw BusException.validation([{ field: 'on', message: ISO_DATE.message }]);
  }
  return on;
}

function newVersion(ctx: MessageContext, planId: string, terms: PriceTerms): PlanPriceVersion {
  return Object.assign(new PlanPriceVersion(), {
    id: uuid7(),
    planId,
    effectiveFrom: terms.effectiveFrom,
    baseFeePence: terms.baseFeePence,
    perPupil:
      terms.perPupil.kind === 'linear'
        ? { kind: 'linear', perPupilPence: terms.perPupil.perPupilPence }
        : {
            kind: 'banded',
            bands: terms.perPupil.bands.map((b) => ({ fromPupils: b.fromPupils, perPupilPence: b.perPupilPence })),
          },
    vatRateBasisPoints: terms.vatRateBasisPoints,
    createdAt: new Date(),
    createdBy: ctx.actor.id,
  });
}

function versionView(version: PlanPriceVersion): PriceVersionView {
  return {
    id: version.id,
    planId: version.planId,
    effectiveFrom: version.effectiveFrom,
    baseFeePence: version.baseFeePence,
    perPupil: version.perPupil,
    vatRateBasisPoints: version.vatRateBasisPoints,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy,
  };
}

function summaryOf(plan: Plan, currentPrice: PriceVersionView | null): PlanSummary {
  return { id: plan.id, code: plan.code, name: plan.name, createdAt: plan.createdAt.toISOString(), currentPrice };
}
