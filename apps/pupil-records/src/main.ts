import 'reflect-metadata';
import { bootstrapService } from '@pt/platform';
import { PupilRecordsConfig } from './pupil-records.config';
import { PupilRecordsModule } from './pupil-records.module';

void bootstrapService({
  service: 'pupil-records',
  configSchema: PupilRecordsConfig,
  module: PupilRecordsModule.register,
});
