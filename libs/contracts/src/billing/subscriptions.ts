import { definePattern } from '../pattern';
import { PriceFigures } from './plans';

/**
 * A school's subscription to a plan: one term (start and end, both days included), the
 * billing contact, the purchase-order number and the legal entity billed. A school is a
 * billing customer only once it has signed its data processing terms; nothing is
 * subscribed (or billed) before that. Its status follows the end date only (see lifecycle.ts).
 */
export type LegalEntityKind = 'academy_trust' | 'la_school';

export interface LegalEntityAddress {
  line1: string;
  line2?: string;
  town: string;
  postcode: string;
}

/** Who the invoice is addressed to: the academy trust, or the local-authority maintained school. */
export interface LegalEntity {
  kind: LegalEntityKind;
  name: string;
  address: LegalEntityAddress;
  /** Companies House number (academy trusts). */
  companyNumber?: string;
}

/** active until the end date; expired (grace, reads only) for six months after; then purged (P25). */
export type SubscriptionStatus = 'active' | 'expired' | 'purged';

export interface CreateSubscriptionRequest {
  schoolId: string;
  planId: string;
  /** First day of the term (YYYY-MM-DD). */
  startsOn: string;
  /** Last day of the term (YYYY-MM-DD), included. */
  endsOn: string;
  /**
   * Pupils on roll for the price: a platform override. Without it the school's roll as
   * pupil-records last reported it is used (subscription.roll_unknown when none is recorded).
   */
  pupils?: number;
  /** Personal data: never logged or put in an error. */
  billingContactEmail: string;
  purchaseOrderNumber?: string;
  legalEntity: LegalEntity;
}

export interface SubscriptionView {
  id: string;
  schoolId: string;
  planId: string;
  /** The price version in force on the term's first day (or on the day of the last plan change). */
  priceVersionId: string;
  startsOn: string;
  endsOn: string;
  pupils: number;
  billingContactEmail: string;
  purchaseOrderNumber: string | null;
  legalEntity: LegalEntity;
  status: SubscriptionStatus;
  /** The day the school's data is purged if it does not renew: six months after the day after endsOn. */
  purgeDueOn: string;
  /** A full year's price at the current plan and roll, in pence. */
  annual: PriceFigures;
  createdAt: string;
  updatedAt: string;
}

/** Pro-rata figures in pence: each side with its VAT, worked out on its own net. */
export interface ProRataView {
  /** The first day the new price applies. */
  from: string;
  /** The last day it applies (the term's end). */
  to: string;
  days: number;
  /** The length of the term's year the days are counted against: 365 or 366. */
  yearDays: number;
  /** For the unused days at the old price. */
  credit: PriceFigures;
  /** For the same days at the new price. */
  charge: PriceFigures;
  /** charge.gross - credit.gross: positive is owed by the school, negative is owed to it. */
  balanceGross: number;
}

export interface ChangeSubscriptionPlanRequest {
  schoolId: string;
  planId: string;
  /** The first day on the new plan (YYYY-MM-DD), within the term. */
  on: string;
  /** A platform override of the roll; without it the school's recorded roll is used. */
  pupils?: number;
}

/**
 * A renewal: a new term from the day after the current one ends to `endsOn`, on the current
 * plan or another. A school in grace is active again at once and its pending purge is cancelled;
 * a purged school cannot be renewed.
 */
export interface RenewSubscriptionRequest {
  schoolId: string;
  /** The new term's last day (YYYY-MM-DD): after the current term's, and not before today. */
  endsOn: string;
  /** Another plan for the new term; the current plan when absent. */
  planId?: string;
  /** A platform override of the roll; without it the school's recorded roll is used. */
  pupils?: number;
}

export interface SubscriptionChangeView {
  subscription: SubscriptionView;
  proRata: ProRataView;
}

export const SUBSCRIBE_SCHOOL = definePattern<CreateSubscriptionRequest, SubscriptionView>(
  'billing.subscription.create',
);
export const GET_SUBSCRIPTION = definePattern<{ schoolId: string }, SubscriptionView>('billing.subscription.get');
/** The renewed subscription and the new term's charge by day (nothing credited). */
export const RENEW_SUBSCRIPTION = definePattern<RenewSubscriptionRequest, SubscriptionChangeView>(
  'billing.subscription.renew',
);
export const CHANGE_SUBSCRIPTION_PLAN = definePattern<ChangeSubscriptionPlanRequest, SubscriptionChangeView>(
  'billing.subscription.change-plan',
);
