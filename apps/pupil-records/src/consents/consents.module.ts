import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';

/** Consents given and withdrawn for a pupil (P16); a withdrawal clears what it covered. */
@Module({
  imports: [PupilsModule],
  controllers: [ConsentsController],
  providers: [ConsentsService],
})
export class ConsentsModule {}
