import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { PupilImportRunner } from './pupil-import.runner';
import { PupilImportsController } from './pupil-imports.controller';
import { PupilImportsService } from './pupil-imports.service';

/** CTF and CSV imports (P15). */
@Module({
  imports: [PupilsModule],
  controllers: [PupilImportsController],
  providers: [PupilImportsService, PupilImportRunner],
})
export class PupilImportsModule {}
