import { EVENT_ENTITIES } from '@pt/platform';
import { createTestDatabase, TestDatabase } from '@pt/testing';
import { PUPIL_RECORDS_DATABASE } from './database';

/** A database of pupil-records' schema for one medium-tier spec file (its label names it), as the service provisions it. */
export function pupilRecordsTestDatabase(label: string): Promise<TestDatabase> {
  return createTestDatabase({
    service: 'pupil-records',
    label,
    entities: [...EVENT_ENTITIES, ...PUPIL_RECORDS_DATABASE.entities],
    migrations: PUPIL_RECORDS_DATABASE.migrations,
  });
}
