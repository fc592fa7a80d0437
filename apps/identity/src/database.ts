import { MIGRATIONS } from './migrations';

/** The identity service's tables (besides the outbox and inbox every service has) and migrations. */
export const IDENTITY_DATABASE = {
  entities: [],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/identity/src/migrations',
};
