import { Module } from '@nestjs/common';
import { RestrictionController } from './restriction.controller';
import { RestrictionService } from './restriction.service';

/** Restriction of processing of a pupil, and lifting it (P18). */
@Module({
  controllers: [RestrictionController],
  providers: [RestrictionService],
})
export class RestrictionModule {}
