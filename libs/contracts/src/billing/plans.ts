import { definePattern } from '../pattern';

/**
 * The platform's price list: a plan has immutable price versions, each in force from its
 * effective date until the next one's. All money is integer pence; VAT rates are basis
 * points (UK standard rate 20% = 2000).
 */
export const UK_STANDARD_VAT_BASIS_POINTS = 2000;

/** One band of a banded per-pupil price: from this roll upwards (until the next band), every pupil costs `perPupilPence`. */
export interface PriceBand {
  fromPupils: number;
  perPupilPence: number;
}

/**
 * Linear: every pupil on roll costs `perPupilPence`. Banded: the roll falls into the last
 * band whose `fromPupils` it reaches (the first band starts at 0), and every pupil costs that
 * band's price (volume pricing: the band decides the price of the whole roll).
 */
export type PerPupilPrice = { kind: 'linear'; perPupilPence: number } | { kind: 'banded'; bands: PriceBand[] };

/** The figures of a new price version. */
export interface PriceTerms {
  /** The first day (YYYY-MM-DD) the version is in force. */
  effectiveFrom: string;
  /** The yearly base fee, in pence, excluding VAT. */
  baseFeePence: number;
  perPupil: PerPupilPrice;
  /** The VAT rate in basis points (2000 = 20%). */
  vatRateBasisPoints: number;
}

export interface PriceVersionView extends PriceTerms {
  id: string;
  planId: string;
  createdAt: string;
  createdBy: string | null;
}

export interface PlanSummary {
  id: string;
  code: string;
  name: string;
  createdAt: string;
  /** The version in force on the day asked about (today unless given); null if none is in force yet. */
  currentPrice: PriceVersionView | null;
}

export interface PlanView extends PlanSummary {
  /** Every version, oldest effective date first. */
  versions: PriceVersionView[];
}

export interface CreatePlanRequest {
  /** A short unique code, e.g. `standard`. */
  code: string;
  name: string;
  /** The plan's first price version. */
  price: PriceTerms;
}

export interface AddPriceVersionRequest extends PriceTerms {
  planId: string;
}

export interface ListPlansRequest {
  /** The day whose price in force is shown (YYYY-MM-DD); today (UTC) when absent. */
  on?: string;
}

export interface QuoteRequest {
  planId: string;
  /** Pupils on roll. */
  pupils: number;
  /** The day whose price in force is used (YYYY-MM-DD); today (UTC) when absent. */
  on?: string;
}

/** A year's price for a roll, in pence. VAT is worked out once on the net total and rounded to the nearest penny (half a penny up). */
export interface PriceFigures {
  base: number;
  perPupil: number;
  net: number;
  vat: number;
  gross: number;
}

export interface QuoteView extends PriceFigures {
  planId: string;
  priceVersionId: string;
  effectiveFrom: string;
  on: string;
  pupils: number;
  /** The per-pupil price applied (the band's, when banded). */
  perPupilPence: number;
  vatRateBasisPoints: number;
}

export const CREATE_PLAN = definePattern<CreatePlanRequest, PlanView>('billing.plan.create');
export const ADD_PRICE_VERSION = definePattern<AddPriceVersionRequest, PlanView>('billing.price-version.create');
export const LIST_PLANS = definePattern<ListPlansRequest, { items: PlanSummary[] }>('billing.plan.list');
export const GET_PLAN = definePattern<{ planId: string }, PlanView>('billing.plan.get');
export const QUOTE_PLAN = definePattern<QuoteRequest, QuoteView>('billing.plan.quote');
