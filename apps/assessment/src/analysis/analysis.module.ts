import { Module } from '@nestjs/common';
import { TransitionMatrixController } from '../matrices/transition-matrix.controller';
import { TransitionMatrixService } from '../matrices/transition-matrix.service';
import { AnalysisController } from './analysis.controller';
import { AnalysisService } from './analysis.service';

/** Group analysis of a measure at a point (one school or several pooled) and transition matrices. */
@Module({
  controllers: [AnalysisController, TransitionMatrixController],
  providers: [AnalysisService, TransitionMatrixService],
})
export class AnalysisModule {}
