import { Module } from '@nestjs/common';
import { PupilsModule } from '../pupils/pupils.module';
import { SecondaryMeasuresController } from './secondary-measures.controller';
import { SecondaryMeasuresService } from './secondary-measures.service';

/** Attainment 8 and Progress 8 slot by slot, with the cohort's baseline and pupils' prior attainment. */
@Module({ imports: [PupilsModule], controllers: [SecondaryMeasuresController], providers: [SecondaryMeasuresService] })
export class SecondaryMeasuresModule {}
