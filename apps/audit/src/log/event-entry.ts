import { createHash } from 'node:crypto';
import {
  EVENT_SUBJECT_PREFIX,
  EventEnvelope,
  isUuid,
  PUPIL_CREATED,
  PUPIL_UPDATED,
  PUPILS_IMPORTED,
} from '@pt/contracts';

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

/** An entry to append: what it records and the id of the event it records. */
export interface EventEntry {
  fields: EntryFields;
  eventId: string;
}

/**
 * The entries one event makes: one, except an import batch's PUPILS_IMPORTED, which makes
 * for each of its pupils the entry that pupil's own pupil.created or pupil.updated made
 * before imports sent one event a batch (same action, subject and detail, with the import's
 * id), so a pupil's trail and the filters by action and subject read as before. Each of those
 * has an event id of its own derived from the batch event's and the pupil's, the same on a
 * redelivery.
 */
export function entriesOf(event: EventEnvelope): EventEntry[] {
  if (event.subject !== PUPILS_IMPORTED.subject) return [{ fields: entryFieldsOf(event), eventId: event.id }];
  const data = isRecord(event.data) ? event.data : {};
  const importId = isUuid(data.importId) ? data.importId : null;
  const one = (subject: string, pupilId: string, extra: Record<string, unknown>): EventEntry => ({
    fields: entryFieldsOf({ ...event, subject, data: { pupilId, ...extra, importId } }),
    eventId: derivedEventId(event.id, subject, pupilId),
  });
  const created = (Array.isArray(data.created) ? data.created : []).filter(isUuid);
  const updated = (Array.isArray(data.updated) ? data.updated : []).filter(
    (item): item is { pupilId: string; fields: unknown } => isRecord(item) && isUuid(item.pupilId),
  );
  return [
    ...created.map((pupilId) => one(PUPIL_CREATED.subject, pupilId, {})),
    ...updated.map((item) => one(PUPIL_UPDATED.subject, item.pupilId, { fields: item.fields })),
  ];
}

/** A uuid (version 8, name-based) for one pupil's part of a batch event. */
function derivedEventId(eventId: string, subject: string, pupilId: string): string {
  const hex = createHash('sha256').update(`${eventId}/${subject}/${pupilId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
