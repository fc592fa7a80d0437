import { Module } from '@nestjs/common';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';
import { PupilsModule } from '../pupils/pupils.module';

/** Targets per pupil and measure, the framework's on-track rule, and on-track computed when read. */
@Module({ imports: [PupilsModule], controllers: [TargetsController], providers: [TargetsService] })
export class TargetsModule {}
