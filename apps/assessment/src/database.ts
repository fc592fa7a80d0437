import { MIGRATIONS } from './migrations';

/** The assessment service's tables (besides the outbox and inbox every service has) and migrations. */
export const ASSESSMENT_DATABASE = {
  entities: [],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/assessment/src/migrations',
};
