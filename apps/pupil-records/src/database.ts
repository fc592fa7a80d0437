import { ClassGroup } from './class-groups/class-group.entity';
import { MIGRATIONS } from './migrations';
import { Pupil } from './pupils/pupil.entity';

/** The pupil-records service's tables (besides the outbox and inbox every service has) and migrations. */
export const PUPIL_RECORDS_DATABASE = {
  entities: [Pupil, ClassGroup],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/pupil-records/src/migrations',
};
