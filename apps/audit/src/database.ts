import { BreachIncident, BreachSchool, BreachUpdate } from './breaches/breach-incident.entity';
import { AuditCheckpoint } from './log/audit-checkpoint.entity';
import { AuditEntry } from './log/audit-entry.entity';
import { MIGRATIONS } from './migrations';
import { RightsRequest } from './rights/rights-request.entity';

/** The audit service's tables (besides the outbox and inbox every service has) and migrations. */
export const AUDIT_DATABASE = {
  entities: [AuditEntry, AuditCheckpoint, BreachIncident, BreachSchool, BreachUpdate, RightsRequest],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/audit/src/migrations',
};
