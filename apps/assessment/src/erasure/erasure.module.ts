import { Module } from '@nestjs/common';
import { PupilErasureConsumer } from './pupil-erasure.consumer';
import { SchoolPurgeConsumer } from './school-purge.consumer';

/** P17: a pupil erased in pupil-records is erased here too (issue 13, item 9); and a school's purge deletes everything of it here (P25). */
@Module({ providers: [PupilErasureConsumer, SchoolPurgeConsumer] })
export class ErasureModule {}
