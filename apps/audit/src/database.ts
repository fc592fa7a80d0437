import { MIGRATIONS } from './migrations';

/** The audit service's tables (besides the outbox and inbox every service has) and migrations. */
export const AUDIT_DATABASE = {
  entities: [],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/audit/src/migrations',
};
