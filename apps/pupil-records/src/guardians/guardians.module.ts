import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { GuardiansController } from './guardians.controller';
import { GuardiansService } from './guardians.service';

/** A pupil's guardians and their contact details. */
@Module({
  imports: [PupilsModule],
  controllers: [GuardiansController],
  providers: [GuardiansService],
})
export class GuardiansModule {}
