import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** What one run of the audit retention job did (P24). */
export interface AuditRetentionRun {
  /** Entries that occurred before this instant (UTC, ISO 8601) were due for removal. */
  cutoff: string;
  /** Chains cut: each got a signed retention checkpoint at its last removed entry. */
  chains: number;
  entriesRemoved: number;
}

/** Platform auditors: run the retention job now (it also runs on a schedule). */
export const RUN_AUDIT_RETENTION = definePattern<Record<string, never>, AuditRetentionRun>('audit.retention.run');

/** The retention job's own trail: logged in the platform chain as `audit.retention.ran`. */
export const AUDIT_RETENTION_RAN = defineEvent<AuditRetentionRun>('evt.audit.retention.ran');
