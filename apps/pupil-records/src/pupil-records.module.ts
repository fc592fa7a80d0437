import { DynamicModule, Module } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { ClassGroupsModule } from './class-groups/class-groups.module';
import { ConsentsModule } from './consents/consents.module';
import { PUPIL_RECORDS_DATABASE } from './database';
import { ErasureModule } from './erasure/erasure.module';
import { PupilExportsModule } from './exports/pupil-exports.module';
import { GuardiansModule } from './guardians/guardians.module';
import { HealthNotesModule } from './health/health-notes.module';
import { PupilImportsModule } from './imports/pupil-imports.module';
import { PhotosModule } from './photos/photos.module';
import { PupilRecordsConfig } from './pupil-records.config';
import { PupilsModule } from './pupils/pupils.module';
import { RestrictionModule } from './restriction/restriction.module';
import { StatisticsModule } from './statistics/statistics.module';
import { SubjectExportModule } from './subject-export/subject-export.module';

/** The pupil-records service: pupils, groups, guardians and consents, CTF/CSV import, restriction and erasure. */
@Module({})
export class PupilRecordsModule {
  static register(config: PupilRecordsConfig, logger: Logger): DynamicModule {
    return {
      module: PupilRecordsModule,
      imports: [
        ...dataServiceFoundation({ service: 'pupil-records', config, logger, ...PUPIL_RECORDS_DATABASE }),
        // One module per folder, lowest layer first (folder-layers.spec.ts holds the order).
        PupilsModule,
        ClassGroupsModule,
        RestrictionModule,
        ErasureModule,
        StatisticsModule,
        GuardiansModule,
        HealthNotesModule,
        PhotosModule,
        ConsentsModule,
        PupilImportsModule,
        PupilExportsModule,
        SubjectExportModule,
      ],
    };
  }
}
