import { MIGRATIONS } from './migrations';

/** The pupil-records service's tables (besides the outbox and inbox every service has) and migrations. */
export const PUPIL_RECORDS_DATABASE = {
  entities: [],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/pupil-records/src/migrations',
};
