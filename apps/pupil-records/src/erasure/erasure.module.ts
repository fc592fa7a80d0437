import { Module } from '@nestjs/common';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';

/** Erasure of a pupil: the record and what hangs off it go; ids, who asked and why stay (P17). */
@Module({
  controllers: [ErasureController],
  providers: [ErasureService],
})
export class ErasureModule {}
