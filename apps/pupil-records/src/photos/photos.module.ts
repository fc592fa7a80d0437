import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { PhotosController } from './photos.controller';
import { PhotosService } from './photos.service';

/** A pupil's photograph, kept only with consent (P16). */
@Module({
  imports: [PupilsModule],
  controllers: [PhotosController],
  providers: [PhotosService],
})
export class PhotosModule {}
