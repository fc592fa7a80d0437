import { BreachIncident, BreachSchool, BreachUpdate } from './breaches/breach-incident.entity';
import { AuditCheckpoint } from './log/audit-checkpoint.entity';
import { AuditEntry } from './log/audit-entry.entity';
import { MIGRATIONS } from './migrations';
import { RightsAction, RightsExport, RightsReminder } from './rights/rights-fulfilment.entity';
import { RightsRequest } from './rights/rights-request.entity';

/** The audit service's tables (besides the outbox and inbox every service has) and migrations. */
export const AUDIT_DATABASE = {
  entities: [
    AuditEntry,
    AuditCheckpoint,
    BreachIncident,
    BreachSchool,
    BreachUpdate,
    RightsRequest,
    RightsExport,
    RightsAction,
    RightsReminder,
  ],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/audit/src/migrations',
};
