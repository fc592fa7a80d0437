import { Module } from '@nestjs/common';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';
import { SchoolPurgeConsumer } from './school-purge.consumer';

/** Erasure of a pupil: the record and what hangs off it go; ids, who asked and why stay (P17); and a school's purge, where everything of it goes (P25). */
@Module({
  controllers: [ErasureController],
  providers: [ErasureService, SchoolPurgeConsumer],
})
export class ErasureModule {}
