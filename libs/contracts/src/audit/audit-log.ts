import { definePattern } from '../pattern';

/**
 * One line of the audit trail (P24): who did what to which subject, when, and under which
 * support grant (P12). Ids only: names live in the owning services, so erasing a person
 * leaves the chain intact and nameless.
 */
export interface AuditEntryView {
  id: string;
  eventId: string;
  /** The school; null for a platform-level entry. */
  tenantId: string | null;
  /** Position in its chain (the school's, or the platform's), from 1. */
  sequence: number;
  actorId: string | null;
  actorKind: string;
  supportGrantId: string | null;
  /** The event subject without `evt.`, e.g. `identity.user.created`. */
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  requestId: string | null;
  ip: string | null;
  /** UTC, ISO 8601. */
  occurredAt: string;
  /** Ids, codes, numbers and booleans from the event; never free text. */
  detail: Record<string, unknown>;
  hash: string;
}

export interface AuditEntryFilter {
  /** Inclusive lower bound of occurredAt (ISO 8601). */
  from?: string;
  /** Exclusive upper bound of occurredAt (ISO 8601). */
  to?: string;
  actorId?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  supportGrantId?: string;
}

export interface ListAuditEntriesRequest extends AuditEntryFilter {
  /**
   * Platform auditors only: the school whose log to read (absent: the platform chain).
   * A school's staff always read their own school's log, whatever this says.
   */
  schoolId?: string;
  limit: number;
  cursor?: string;
}

/** The most entries one export of the audit trail holds; `X-Export-Truncated: true` says there were more. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

export interface AuditEntryPage {
  items: AuditEntryView[];
  nextCursor: string | null;
}

export type AuditBreakReason =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'sequence_gap'
  | 'chain_mismatch'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_unreached'
  | 'checkpoint_mismatch';

export interface AuditBrokenLink {
  /** `platform` or the school's id. */
  chain: string;
  sequence: number;
  /** The entry at fault, null when it is missing (deleted or truncated). */
  entryId: string | null;
  reason: AuditBreakReason;
}

export interface AuditVerification {
  ok: boolean;
  chains: number;
  entries: number;
  firstBroken?: AuditBrokenLink;
}

export interface AuditCheckpointResult {
  /** Chains whose head was checkpointed now (those unchanged since their last checkpoint are skipped). */
  checkpointed: number;
}

export const LIST_AUDIT_ENTRIES = definePattern<ListAuditEntriesRequest, AuditEntryPage>('audit.entry.list');
/** Platform auditors: walk one school's chain (schoolId) or every chain. */
export interface VerifyAuditLogRequest {
  /** One school's chain; absent: every chain. */
  schoolId?: string;
}

export const VERIFY_AUDIT_LOG = definePattern<VerifyAuditLogRequest, AuditVerification>('audit.log.verify');
export const CREATE_AUDIT_CHECKPOINTS = definePattern<Record<string, never>, AuditCheckpointResult>(
  'audit.checkpoint.create',
);
