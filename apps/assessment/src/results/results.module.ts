import { Module } from '@nestjs/common';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';
import { PupilsModule } from '../pupils/pupils.module';

/** Results: one current value per pupil, measure and point, with its append-only history. */
@Module({ imports: [PupilsModule], controllers: [ResultsController], providers: [ResultsService] })
export class ResultsModule {}
