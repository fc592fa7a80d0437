import { DynamicModule, Module } from '@nestjs/common';
import { DataServiceConfig, dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { PUPIL_RECORDS_DATABASE } from './database';

/** The pupil-records service: pupils, groups, guardians and consents, CTF/CSV import, restriction and erasure. */
@Module({})
export class PupilRecordsModule {
  static register(config: DataServiceConfig, logger: Logger): DynamicModule {
    return {
      module: PupilRecordsModule,
      imports: dataServiceFoundation({ service: 'pupil-records', config, logger, ...PUPIL_RECORDS_DATABASE }),
    };
  }
}
