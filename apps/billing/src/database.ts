import { MIGRATIONS } from './migrations';

/** The billing service's tables (besides the outbox and inbox every service has) and migrations. */
export const BILLING_DATABASE = {
  entities: [],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/billing/src/migrations',
};
