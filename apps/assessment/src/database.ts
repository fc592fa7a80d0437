import { AssessmentFramework, AssessmentPoint, GradeScale, Measure } from './frameworks/framework.entity';
import { MIGRATIONS } from './migrations';
import { ResultGroupSum, ResultGroupSumPending } from './analysis/result-group-sum.entity';
import { AssessmentResult, AssessmentResultHistory } from './results/result.entity';
import { AssessmentOnTrackRule, AssessmentTarget } from './targets/target.entity';
import { ErasedPupil, PupilPeriod } from './pupils/pupil-period.entity';
import { ParentReport } from './parent-reports/parent-report.entity';
import { QuestionMark, QuestionTest, QuestionTestQuestion } from './question-analysis/question-test.entity';
import {
  Ks4MeasureRole,
  NationalProgress8Estimates,
  PriorAttainment,
  Progress8Baseline,
} from './secondary-measures/secondary-measures.entity';

/** The assessment service's tables (besides the outbox and inbox every service has) and migrations. */
export const ASSESSMENT_DATABASE = {
  entities: [
    AssessmentFramework,
    GradeScale,
    Measure,
    AssessmentPoint,
    AssessmentResult,
    AssessmentResultHistory,
    AssessmentTarget,
    AssessmentOnTrackRule,
    PupilPeriod,
    ErasedPupil,
    Ks4MeasureRole,
    Progress8Baseline,
    PriorAttainment,
    NationalProgress8Estimates,
    QuestionTest,
    QuestionTestQuestion,
    QuestionMark,
    ParentReport,
    ResultGroupSum,
    ResultGroupSumPending,
  ],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/assessment/src/migrations',
};
