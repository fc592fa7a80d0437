import { Module } from '@nestjs/common';
import { PupilErasureConsumer } from './pupil-erasure.consumer';

/** P17: a pupil erased in pupil-records is erased here too (issue 13, item 9). */
@Module({ providers: [PupilErasureConsumer] })
export class ErasureModule {}
