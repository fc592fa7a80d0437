import 'reflect-metadata';
import { DataServiceConfig, bootstrapService } from '@pt/platform';
import { AssessmentModule } from './assessment.module';

void bootstrapService({ service: 'assessment', configSchema: DataServiceConfig, module: AssessmentModule.register });
