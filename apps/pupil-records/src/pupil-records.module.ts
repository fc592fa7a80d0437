import { DynamicModule, Module } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { PupilCareModule } from './consents/pupil-care.module';
import { PUPIL_RECORDS_DATABASE } from './database';
import { PupilExportsModule } from './exports/pupil-exports.module';
import { PupilImportsModule } from './imports/pupil-imports.module';
import { PupilRecordsConfig } from './pupil-records.config';
import { PupilsModule } from './pupils/pupils.module';
import { SubjectExportModule } from './subject-export/subject-export.module';

/** The pupil-records service: pupils, groups, guardians and consents, CTF/CSV import, restriction and erasure. */
@Module({})
export class PupilRecordsModule {
  static register(config: PupilRecordsConfig, logger: Logger): DynamicModule {
    return {
      module: PupilRecordsModule,
      imports: [
        ...dataServiceFoundation({ service: 'pupil-records', config, logger, ...PUPIL_RECORDS_DATABASE }),
        PupilsModule,
        PupilCareModule,
        PupilImportsModule,
        PupilExportsModule,
        SubjectExportModule,
      ],
    };
  }
}
