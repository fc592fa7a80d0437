import { Module } from '@nestjs/common';
import { GuardiansController } from '../guardians/guardians.controller';
import { GuardiansService } from '../guardians/guardians.service';
import { HealthNotesController } from '../health/health-notes.controller';
import { HealthNotesService } from '../health/health-notes.service';
import { PhotosController } from '../photos/photos.controller';
import { PhotosService } from '../photos/photos.service';
import { PupilsModule } from '../pupils/pupils.module';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';
import { PupilCareAccess } from './pupil-care-access';
import { PupilCareExport } from './pupil-care-export';

/** What hangs off a pupil and needs consent or care (P16): guardians, consents, health notes and photographs. */
@Module({
  imports: [PupilsModule],
  controllers: [GuardiansController, ConsentsController, HealthNotesController, PhotosController],
  providers: [PupilCareAccess, PupilCareExport, GuardiansService, ConsentsService, HealthNotesService, PhotosService],
  exports: [PupilCareExport],
})
export class PupilCareModule {}
