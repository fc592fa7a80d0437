import { EVENT_SUBJECT_PREFIX, EventEnvelope, isUuid } from '@pt/contracts';

const SHORT_CODE = /^[a-z0-9_.:-]{1,64}$/i;
/**
 * Keys whose values are about a person or free text even when they look like a code
 * ("Alice" passes SHORT_CODE): dropped whatever their value, as a second guard behind
 * the rule that events carry ids only.
 */
const PERSONAL_KEY = /name|email|phone|address|postcode|birth|dob|reason|note|comment|password|token|secret|text/i;

/**
 * Which field of an event's data names what it is about, most specific first: an event
 * about a user in a school carries userId and is about the user, not the school.
 */
const SUBJECT_FIELDS: ReadonlyArray<readonly [field: string, type: string]> = [
  ['pupilId', 'pupil'],
  ['userId', 'user'],
  ['grantId', 'support-grant'],
  ['roleId', 'role'],
  ['reviewId', 'access-review'],
  ['documentId', 'policy-document'],
  ['sessionId', 'session'],
  ['groupId', 'group'],
  ['guardianId', 'guardian'],
  ['assessmentId', 'assessment'],
  ['invoiceId', 'invoice'],
  ['paymentId', 'payment'],
  ['subscriptionId', 'subscription'],
  ['requestId', 'rights-request'],
  ['incidentId', 'breach'],
  ['kid', 'signing-key'],
  ['id', 'record'],
  ['schoolId', 'school'],
];

export interface EntryFields {
  tenantId: string | null;
  actorId: string | null;
  actorKind: string;
  supportGrantId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  requestId: string | null;
  ip: string | null;
  occurredAt: Date;
  detail: Record<string, unknown>;
}

/** What the audit log records of a durable event: ids, codes and the actor, never personal data. */
export function entryFieldsOf(event: EventEnvelope): EntryFields {
  const data = isRecord(event.data) ? event.data : {};
  const subject = subjectOf(data);
  const occurredAt = new Date(event.occurredAt);
  // The client's address from the request that caused the event; system work and events
  // staged before envelopes carried it have none.
  const ip: unknown = event.ip;
  return {
    tenantId: event.tenantId ?? null,
    actorId: textOrNull(event.actor?.id),
    actorKind: typeof event.actor?.kind === 'string' ? event.actor.kind : 'system',
    supportGrantId: textOrNull(event.actor?.supportGrantId),
    action: event.subject.startsWith(EVENT_SUBJECT_PREFIX)
      ? event.subject.slice(EVENT_SUBJECT_PREFIX.length)
      : event.subject,
    subjectType: subject?.type ?? null,
    subjectId: subject?.id ?? null,
    requestId: textOrNull(event.requestId),
    ip: typeof ip === 'string' && ip.length <= 64 ? ip : null,
    occurredAt: Number.isNaN(occurredAt.getTime()) ? new Date() : occurredAt,
    detail: safeDetail(data),
  };
}

function subjectOf(data: Record<string, unknown>): { type: string; id: string } | null {
  for (const [field, type] of SUBJECT_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && (isUuid(value) || SHORT_CODE.test(value))) return { type, id: value };
  }
  return null;
}

/** Ids, short codes, numbers and booleans only; anything else is dropped, never truncated. */
export function safeDetail(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (PERSONAL_KEY.test(key)) continue;
    const kept = safeValue(value, 0);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function safeValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return isUuid(value) || SHORT_CODE.test(value) ? value : undefined;
  if (depth >= 3) return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, 100)
      .map((item) => safeValue(item, depth + 1))
      .filter((item) => item !== undefined);
  }
  if (isRecord(value)) {
    const nested: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (PERSONAL_KEY.test(key)) continue;
      const kept = safeValue(inner, depth + 1);
      if (kept !== undefined) nested[key] = kept;
    }
    return nested;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
