import { AssessmentFramework, AssessmentPoint, GradeScale, Measure } from './frameworks/framework.entity';
import { MIGRATIONS } from './migrations';

/** The assessment service's tables (besides the outbox and inbox every service has) and migrations. */
export const ASSESSMENT_DATABASE = {
  entities: [AssessmentFramework, GradeScale, Measure, AssessmentPoint],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/assessment/src/migrations',
};
