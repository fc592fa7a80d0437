import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { HealthNotesController } from './health-notes.controller';
import { HealthNotesService } from './health-notes.service';

/** A pupil's health notes, kept only with consent (P16). */
@Module({
  imports: [PupilsModule],
  controllers: [HealthNotesController],
  providers: [HealthNotesService],
})
export class HealthNotesModule {}
