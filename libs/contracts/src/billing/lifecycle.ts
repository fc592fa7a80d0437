import { defineBroadcast } from '../broadcast';
import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * P25, P26: a school's lifecycle after its subscription's end date, and only that date (an
 * unpaid invoice never cuts a paid period short, the Kill Bill #1997 lesson):
 *
 *   active --(day after endsOn)--> expired (grace: reads only, each access to pupil data
 *   charged) --(six months after expiry)--> purged (every service deletes the school's data
 *   and confirms; billing keeps a purge certificate, and its financial records until their
 *   retention ends, P27).
 *
 * Every event here carries ids only; the subjects are what webhooks subscribe to.
 */

/** The run of the lifecycle now (billing also runs it on its timer): what it changed. */
export interface LifecycleRunView {
  /** The day the run acted on (billing's clock). */
  on: string;
  /** Subscriptions that expired (grace began) in this run. */
  expired: number;
  /** Schools whose purge began in this run (each service then deletes and confirms). */
  purgesStarted: number;
  /** Expiry and purge notices sent to billing contacts in this run. */
  noticesSent: number;
  /** Schools whose financial records reached the end of their retention and were deleted (P27). */
  retentionEnded: number;
}

/** A grace-period access to pupil data, charged to the school's account (P26); figures snapshotted at the time. */
export interface GraceChargeView {
  id: string;
  schoolId: string;
  chargedAt: string;
  /** What was read: the route's template (e.g. `GET /api/v1/pupils/:id`), never an id or a name. */
  resource: string;
  /** The plan's price version the charge was priced from. */
  priceVersionId: string;
  netPence: number;
  vatRateBasisPoints: number;
  vatPence: number;
  grossPence: number;
}

export interface GraceChargePage {
  items: GraceChargeView[];
  /** Sum of grossPence of every charge of the school. */
  totalGrossPence: number;
}

export interface RecordGraceAccessRequest {
  schoolId: string;
  resource: string;
}

/** The schools whose staff may only read (in grace), and those purged (nothing left to reach); the gateway caches both. */
export interface SchoolsInGraceView {
  schoolIds: string[];
  purgedSchoolIds: string[];
}

export type PurgeService = 'billing' | 'identity' | 'pupil-records' | 'assessment' | 'audit';
/** Every service that holds a school's data and must confirm its purge. */
export const PURGE_SERVICES: readonly PurgeService[] = ['billing', 'identity', 'pupil-records', 'assessment', 'audit'];

export interface PurgeConfirmationView {
  service: PurgeService;
  confirmedAt: string;
  /** Rows deleted per table (or files per store); no names, no ids. */
  deleted: Record<string, number>;
}

/** What went, when, and each service's confirmation (P25): billing keeps it after the school has gone. */
export interface PurgeCertificateView {
  purgeId: string;
  schoolId: string;
  /** The subscription's last day. */
  endedOn: string;
  /** Grace began the day after; the purge was due six months later. */
  purgeDueOn: string;
  startedAt: string | null;
  /** When the last service confirmed; null while any is outstanding. */
  completedAt: string | null;
  confirmations: PurgeConfirmationView[];
  /** Services that have not confirmed yet. */
  outstanding: PurgeService[];
  /** The day after which billing deletes the school's invoices, credit notes and payments (P27). */
  financialRecordsKeptUntil: string;
}

export const RUN_LIFECYCLE = definePattern<Record<string, never>, LifecycleRunView>('billing.lifecycle-run.run');
export const SCHOOLS_IN_GRACE = definePattern<Record<string, never>, SchoolsInGraceView>(
  'billing.lifecycle.schools-in-grace',
);
export const RECORD_GRACE_ACCESS = definePattern<RecordGraceAccessRequest, GraceChargeView>(
  'billing.grace-charge.record',
);
export const LIST_GRACE_CHARGES = definePattern<{ schoolId: string }, GraceChargePage>('billing.grace-charge.list');
export const GET_PURGE_CERTIFICATE = definePattern<{ schoolId: string }, PurgeCertificateView>(
  'billing.purge-certificate.get',
);

/** The set of schools in grace changed: gateways reload it at once (and on their timer, should this be missed). */
export const SCHOOLS_IN_GRACE_CHANGED_BROADCAST = defineBroadcast('billing.lifecycle.grace-changed');

/** Grace began: the subscription's end date has passed without renewal. */
export const SUBSCRIPTION_EXPIRED = defineEvent<{ schoolId: string; subscriptionId: string }>(
  'evt.billing.subscription.expired',
);
/**
 * A subscription was renewed for a new term (ids only: the term is read from the
 * subscription), staged in the renewal's transaction so it is published exactly once.
 */
export const SUBSCRIPTION_RENEWED = defineEvent<{ schoolId: string; subscriptionId: string }>(
  'evt.billing.subscription.renewed',
);
/** A grace-period access to pupil data was charged (P26). */
export const GRACE_ACCESS_CHARGED = defineEvent<{ schoolId: string; chargeId: string }>(
  'evt.billing.subscription.grace-access-charged',
);
/** At expiry: the school's purge is due six months on (its certificate exists from now). */
export const SCHOOL_PURGE_SCHEDULED = defineEvent<{ schoolId: string; purgeId: string }>(
  'evt.billing.school.purge-scheduled',
);
/** The purge is due: every service deletes everything it holds of the school and confirms. */
export const SCHOOL_PURGE_STARTED = defineEvent<{ schoolId: string; purgeId: string }>(
  'evt.billing.school.purge-started',
);
/** Every service has confirmed: nothing of the school is left but billing's financial records and ids. */
export const SCHOOL_PURGED = defineEvent<{ schoolId: string; purgeId: string }>('evt.billing.school.purged');

/** A service's confirmation that it deleted the school's data: counts only. */
export interface SchoolPurgeConfirmed {
  schoolId: string;
  purgeId: string;
  deleted: Record<string, number>;
}
export const IDENTITY_SCHOOL_PURGE_CONFIRMED = defineEvent<SchoolPurgeConfirmed>('evt.identity.school.purge-confirmed');
export const PUPIL_RECORDS_SCHOOL_PURGE_CONFIRMED = defineEvent<SchoolPurgeConfirmed>(
  'evt.pupil-records.school.purge-confirmed',
);
export const ASSESSMENT_SCHOOL_PURGE_CONFIRMED = defineEvent<SchoolPurgeConfirmed>(
  'evt.assessment.school.purge-confirmed',
);
export const AUDIT_SCHOOL_PURGE_CONFIRMED = defineEvent<SchoolPurgeConfirmed>('evt.audit.school.purge-confirmed');
/** Billing's consumer of the confirmations: one wildcard filter (JetStream 2.9 takes one subject). */
export const SCHOOL_PURGE_CONFIRMATIONS = 'evt.*.school.purge-confirmed';
