import { MIGRATIONS } from './migrations';
import { Plan, PlanPriceVersion } from './plans/plan.entity';

/** The billing service's tables (besides the outbox and inbox every service has) and migrations. */
export const BILLING_DATABASE = {
  entities: [Plan, PlanPriceVersion],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/billing/src/migrations',
};
