import { DynamicModule, Module } from '@nestjs/common';
import { DataServiceConfig, dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { SubjectExportController } from './subject-export/subject-export.controller';
import { ASSESSMENT_DATABASE } from './database';
import { FrameworksModule } from './frameworks/frameworks.module';
import { TemplatesModule } from './templates/templates.module';

/** The assessment service: frameworks, grade scales, assessment points, results, targets, analysis and reports. */
@Module({})
export class AssessmentModule {
  static register(config: DataServiceConfig, logger: Logger): DynamicModule {
    return {
      module: AssessmentModule,
      imports: [
        ...dataServiceFoundation({ service: 'assessment', config, logger, ...ASSESSMENT_DATABASE }),
        TemplatesModule,
        FrameworksModule,
      ],
      controllers: [SubjectExportController],
    };
  }
}
