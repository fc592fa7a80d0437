import { Module } from '@nestjs/common';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

/** Targets per pupil and measure, the framework's on-track rule, and on-track computed when read. */
@Module({ controllers: [TargetsController], providers: [TargetsService] })
export class TargetsModule {}
