import 'reflect-metadata';
import { DataServiceConfig, bootstrapService } from '@pt/platform';
import { PupilRecordsModule } from './pupil-records.module';

void bootstrapService({
  service: 'pupil-records',
  configSchema: DataServiceConfig,
  module: PupilRecordsModule.register,
});
