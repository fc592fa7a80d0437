import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * Webhooks for finance systems (issue 14, item 8; P28), per Standard Webhooks 1.0: every
 * request carries `webhook-id` (the message id, the same on every retry and replay: the
 * receiver's idempotency key), `webhook-timestamp` (unix seconds of the attempt) and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret in
 * force, space-separated while a rotated secret overlaps). The body is a
 * {@link WebhookPayload}.
 */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.issued',
  'payment.recorded',
  'subscription.expired',
  'subscription.renewed',
  'subscription.grace_access_charged',
  'school.purge_scheduled',
  'school.purged',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a finance system receives: the event's type, when it happened, and ids with the few figures it books. */
export interface WebhookPayload<T = Record<string, unknown>> {
  type: WebhookEventType;
  /** When the event happened (ISO 8601); the header's timestamp is the attempt's. */
  timestamp: string;
  data: T;
}

/** `invoice.issued`: the invoice as it is booked. */
export interface InvoiceIssuedWebhookData {
  invoiceId: string;
  schoolId: string;
  number: string;
  issuedOn: string;
  dueOn: string;
  grossPence: number;
  currency: 'GBP';
}

/** `payment.recorded`: the payment and what it paid of which invoice; the rest is account credit. */
export interface PaymentRecordedWebhookData {
  paymentId: string;
  schoolId: string;
  amountPence: number;
  receivedOn: string;
  method: string;
  reference: string;
  allocations: { invoiceId: string; invoiceNumber: string; amountPence: number }[];
  unallocatedPence: number;
  currency: 'GBP';
}

/** `subscription.expired`: grace began the day after the subscription's last day; the purge is due six months on. */
export interface SubscriptionExpiredWebhookData {
  schoolId: string;
  subscriptionId: string;
  endedOn: string;
  purgeDueOn: string | null;
}

/** `subscription.renewed`: the subscription's term as renewed (a school in grace is active again). */
export interface SubscriptionRenewedWebhookData {
  schoolId: string;
  subscriptionId: string;
  planId: string;
  startsOn: string;
  endsOn: string;
}

/** `subscription.grace_access_charged`: one grace-period access to pupil data, charged to the school's account (P26). */
export interface GraceAccessChargedWebhookData {
  schoolId: string;
  chargeId: string;
  chargedAt: string;
  netPence: number;
  vatRateBasisPoints: number;
  vatPence: number;
  grossPence: number;
  currency: 'GBP';
}

/** `school.purge_scheduled`: the day the school's data goes, and how long its invoices, credit notes and payments are kept. */
export interface PurgeScheduledWebhookData {
  schoolId: string;
  purgeId: string;
  purgeDueOn: string;
  financialRecordsKeptUntil: string;
}

/** `school.purged`: every service has confirmed; only billing's financial records (and ids) remain. */
export interface SchoolPurgedWebhookData {
  schoolId: string;
  purgeId: string;
  completedAt: string | null;
}

export type WebhookEndpointStatus = 'enabled' | 'disabled';

/** A signing secret of an endpoint, without its value (shown once, when made). */
export interface WebhookSecretView {
  id: string;
  createdAt: string;
  /** When a rotated-out secret stops signing; null for the current one. */
  expiresAt: string | null;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  status: WebhookEndpointStatus;
  /** Why it was disabled: `gone` (the receiver answered 410), `failing` (sustained failure) or `manual`. */
  disabledReason: string | null;
  disabledAt: string | null;
  /** Since when every attempt has failed; null after a success. */
  failingSince: string | null;
  secrets: WebhookSecretView[];
  createdAt: string;
  updatedAt: string;
}

/** The endpoint with its new secret (`whsec_…`), shown this once. */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  secret: string;
}

export interface CreateWebhookEndpointRequest {
  /** https (or an address the deployment's allowlist names); never an internal address. */
  url: string;
  description?: string;
  eventTypes: WebhookEventType[];
}

export interface WebhookEndpointRef {
  endpointId: string;
}

export interface UpdateWebhookEndpointRequest extends WebhookEndpointRef {
  url?: string;
  description?: string;
  eventTypes?: WebhookEventType[];
  /** false disables (manual); true enables again and clears the failure record. */
  enabled?: boolean;
}

export interface RotateWebhookSecretRequest extends WebhookEndpointRef {
  /** How long the current secret goes on signing beside the new one (default 24, at most 168). */
  overlapHours?: number;
}

/** One HTTP attempt, as the delivery log keeps it. */
export interface WebhookAttemptView {
  id: string;
  messageId: string;
  eventType: WebhookEventType;
  attemptedAt: string;
  outcome: 'succeeded' | 'failed';
  /** The receiver's HTTP status; null when no answer came (timeout, refused address, connection error). */
  responseStatus: number | null;
  latencyMs: number;
  /** The first 1,024 characters of the answer. */
  responseBody: string;
  /** What went wrong without an answer (`timeout`, `address_not_allowed`, `connection_failed`). */
  error: string | null;
}

export interface WebhookAttemptPage {
  items: WebhookAttemptView[];
  nextCursor: string | null;
}

export interface ListWebhookAttemptsRequest extends WebhookEndpointRef {
  limit?: number;
  cursor?: string;
  /** Only the attempts of this message. */
  messageId?: string;
}

export interface ReplayWebhookMessageRequest extends WebhookEndpointRef {
  messageId: string;
}

export interface ReplayWebhookRangeRequest extends WebhookEndpointRef {
  /** Messages of events that happened from (inclusive)… */
  since: string;
  /** …to (exclusive), ISO 8601. */
  until: string;
  /** Only messages whose delivery to this endpoint failed for good (default: every message, delivered or not). */
  failedOnly?: boolean;
}

export interface WebhookReplayReply {
  /** Messages queued again for the endpoint, under their own webhook-id. */
  queued: number;
}

export const CREATE_WEBHOOK_ENDPOINT = definePattern<CreateWebhookEndpointRequest, WebhookEndpointWithSecret>(
  'billing.webhook-endpoint.create',
);
export const LIST_WEBHOOK_ENDPOINTS = definePattern<Record<string, never>, { items: WebhookEndpointView[] }>(
  'billing.webhook-endpoint.list',
);
export const GET_WEBHOOK_ENDPOINT = definePattern<WebhookEndpointRef, WebhookEndpointView>(
  'billing.webhook-endpoint.get',
);
export const UPDATE_WEBHOOK_ENDPOINT = definePattern<UpdateWebhookEndpointRequest, WebhookEndpointView>(
  'billing.webhook-endpoint.update',
);
export const DELETE_WEBHOOK_ENDPOINT = definePattern<WebhookEndpointRef, { deleted: true }>(
  'billing.webhook-endpoint.delete',
);
export const ROTATE_WEBHOOK_SECRET = definePattern<RotateWebhookSecretRequest, WebhookEndpointWithSecret>(
  'billing.webhook-endpoint.rotate-secret',
);
export const LIST_WEBHOOK_ATTEMPTS = definePattern<ListWebhookAttemptsRequest, WebhookAttemptPage>(
  'billing.webhook-attempt.list',
);
export const REPLAY_WEBHOOK_MESSAGE = definePattern<ReplayWebhookMessageRequest, WebhookReplayReply>(
  'billing.webhook-message.replay',
);
export const REPLAY_WEBHOOK_RANGE = definePattern<ReplayWebhookRangeRequest, WebhookReplayReply>(
  'billing.webhook-message.replay-range',
);

/** An endpoint was disabled (410 Gone, or sustained failure): the notice to platform finance. */
export const WEBHOOK_ENDPOINT_DISABLED = defineEvent<{ endpointId: string; reason: string }>(
  'evt.billing.webhook-endpoint.disabled',
);
