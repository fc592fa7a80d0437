import { DynamicModule, Module } from '@nestjs/common';
import { DataServiceConfig, dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { ASSESSMENT_DATABASE } from './database';
import { FrameworksModule } from './frameworks/frameworks.module';
import { ResultsModule } from './results/results.module';
import { TargetsModule } from './targets/targets.module';
import { SubjectExportModule } from './subject-export/subject-export.module';
import { TemplatesModule } from './templates/templates.module';
import { PupilsModule } from './pupils/pupils.module';
import { ErasureModule } from './erasure/erasure.module';
import { SecondaryMeasuresModule } from './secondary-measures/secondary-measures.module';
import { QuestionAnalysisModule } from './question-analysis/question-analysis.module';
import { AnalysisModule } from './analysis/analysis.module';
import { ParentReportsModule } from './parent-reports/parent-reports.module';

/** Result history is append-only: the runtime role may add to it, never change it (rows go only with erasure). */
export function assessmentGrants(role: string): string[] {
  return [`revoke update, truncate on assessment_result_history from ${role}`];
}

/** The assessment service: frameworks, grade scales, assessment points, results, targets, analysis and reports. */
@Module({})
export class AssessmentModule {
  static register(config: DataServiceConfig, logger: Logger): DynamicModule {
    return {
      module: AssessmentModule,
      imports: [
        ...dataServiceFoundation({
          service: 'assessment',
          config,
          logger,
          ...ASSESSMENT_DATABASE,
          extraGrants: assessmentGrants,
        }),
        TemplatesModule,
        FrameworksModule,
        ResultsModule,
        TargetsModule,
        SubjectExportModule,
        PupilsModule,
        ErasureModule,
        SecondaryMeasuresModule,
        QuestionAnalysisModule,
        AnalysisModule,
        ParentReportsModule,
      ],
    };
  }
}
