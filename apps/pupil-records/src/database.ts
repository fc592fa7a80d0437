import { ClassGroup } from './pupils/class-group.entity';
import { Consent } from './pupils/consent.entity';
import { Guardian } from './guardians/guardian.entity';
import { HealthNote } from './health/health-note.entity';
import { PupilErasure } from './erasure/pupil-erasure.entity';
import { PupilImport } from './imports/pupil-import.entity';
import { MIGRATIONS } from './migrations';
import { PupilPhoto } from './photos/pupil-photo.entity';
import { Pupil } from './pupils/pupil.entity';
import { PupilRestriction } from './restriction/pupil-restriction.entity';
import { SchoolStatusRecord } from './school-status/school-status.entity';
import { PupilCount } from './pupils/pupil-count.entity';

/** The pupil-records service's tables (besides the outbox and inbox every service has) and migrations. */
export const PUPIL_RECORDS_DATABASE = {
  entities: [
    Pupil,
    ClassGroup,
    Guardian,
    Consent,
    HealthNote,
    PupilPhoto,
    SchoolStatusRecord,
    PupilCount,
    PupilRestriction,
    PupilErasure,
    PupilImport,
  ],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/pupil-records/src/migrations',
};
