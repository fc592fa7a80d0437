import { Module } from '@nestjs/common';
import { SchoolProcessing } from './school-processing';
import { SchoolStatusConsumer } from './school-status.consumer';

/** P11 for the whole service: import this module (or PupilsModule, which re-exports it) to get SchoolProcessing. */
@Module({
  providers: [SchoolProcessing, SchoolStatusConsumer],
  exports: [SchoolProcessing],
})
export class SchoolStatusModule {}
